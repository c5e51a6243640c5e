using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Core.Updating;

/// <summary>
/// Changes a version's format metadata from its current value in one store transaction (Publish permission), leaving
/// status and tags alone: for data a format accumulates after the publish, such as NuGet's symbol list.
/// </summary>
public sealed class PackageMetadataUpdater
{
    private readonly IPackageStore _packages;
    private readonly TimeProvider _time;

    /// <summary>Creates the use case.</summary>
    public PackageMetadataUpdater(IPackageStore packages, TimeProvider time)
    {
        _packages = packages;
        _time = time;
    }

    /// <summary>
    /// Replaces the metadata of <paramref name="version"/> with <paramref name="change"/>'s answer for the current metadata;
    /// <see cref="PackageUpdateOutcome.NotFound"/> when the project has no such live version. <paramref name="change"/> must
    /// be a pure function: the store may run it more than once.
    /// </summary>
    public Task<PackageUpdateResult> UpdateMetadataAsync(AuthorizedProject project, PackageType type, string name, string version, Func<string?, string?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(change);
        project.Require(PackageAction.Publish);
        return _packages.UpdateMetadataAsync(PackageCoordinate.Create(project.Project.Id, type, name, version), change, _time.GetUtcNow(), cancellationToken);
    }
}
