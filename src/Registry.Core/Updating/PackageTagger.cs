using Microsoft.Extensions.Logging;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Core.Updating;

/// <summary>
/// The tag use case (npm dist-tags; Publish permission): moves tags between the versions of a package and removes
/// them, each change one store transaction, so concurrent moves of one tag leave it on exactly one version.
/// </summary>
public sealed partial class PackageTagger
{
    private readonly IPackageStore _packages;
    private readonly TimeProvider _time;
    private readonly ILogger<PackageTagger> _logger;

    /// <summary>Creates the use case.</summary>
    public PackageTagger(IPackageStore packages, TimeProvider time, ILogger<PackageTagger> logger)
    {
        _packages = packages;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Points <paramref name="tags"/> at <paramref name="version"/> of the package <paramref name="name"/>, taking them
    /// off every other version of it in the project (<c>npm dist-tag add</c>, and the tags of an <c>npm publish</c>).
    /// <see cref="PackageUpdateOutcome.NotFound"/> when the project has no such live version.
    /// </summary>
    public async Task<PackageUpdateResult> MoveTagsAsync(AuthorizedProject project, PackageType type, string name, string version, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(tags);
        project.Require(PackageAction.Publish);
        var coordinate = PackageCoordinate.Create(project.Project.Id, type, name, version);
        var result = await _packages.MoveTagsAsync(coordinate, tags, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (result.Outcome == PackageUpdateOutcome.Updated)
        {
            LogMoved(_logger, tags, type.Name, coordinate.NormalizedName, coordinate.NormalizedVersion, project.Project.Id);
        }

        return result;
    }

    /// <summary>
    /// Removes <paramref name="tag"/> from whichever version of the package holds it (<c>npm dist-tag rm</c>);
    /// <see cref="PackageUpdateOutcome.NotFound"/> when none does.
    /// </summary>
    public async Task<PackageUpdateResult> RemoveTagAsync(AuthorizedProject project, PackageType type, string name, string tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(type);
        project.Require(PackageAction.Publish);
        var normalizedName = type.NormalizeName(name);
        var result = await _packages.RemoveTagAsync(project.Project.Id, type, normalizedName, tag, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (result.Outcome == PackageUpdateOutcome.Updated)
        {
            LogRemoved(_logger, tag, type.Name, normalizedName, project.Project.Id);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved tags {Tags} of {PackageType} {PackageName} to {PackageVersion} in project {ProjectId}")]
    private static partial void LogMoved(ILogger logger, IReadOnlyList<string> tags, string packageType, string packageName, string packageVersion, long projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed tag {Tag} of {PackageType} {PackageName} in project {ProjectId}")]
    private static partial void LogRemoved(ILogger logger, string tag, string packageType, string packageName, long projectId);
}
