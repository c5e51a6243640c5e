using Microsoft.Extensions.Logging;
using Registry.Core.Packages;
using Registry.Core.Protection;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Core.Updating;

/// <summary>
/// The list/unlist use case (NuGet's <c>dotnet nuget delete</c> under the unlist behaviour, and relist; Delete
/// permission). Unlisted is <see cref="PackageStatus.Hidden"/> and nothing else: formats derive "listed" from the
/// status alone, so there is no second copy that a race could leave disagreeing.
/// </summary>
public sealed partial class PackageUnlister
{
    private readonly IPackageStore _packages;
    private readonly TimeProvider _time;
    private readonly PackageProtection _protection;
    private readonly ILogger<PackageUnlister> _logger;

    /// <summary>Creates the use case.</summary>
    public PackageUnlister(IPackageStore packages, TimeProvider time, PackageProtection protection, ILogger<PackageUnlister> logger)
    {
        _packages = packages;
        _protection = protection;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Lists (<paramref name="listed"/> true: <see cref="PackageStatus.Default"/>) or unlists (<see cref="PackageStatus.Hidden"/>)
    /// one version; <see cref="PackageUpdateOutcome.NotFound"/> when the project has no such live version. Versions in
    /// another status (deprecated, processing, error) are found but left as they are.
    /// </summary>
    /// <exception cref="Protection.PackageProtectedException">
    /// A package protection rule keeps the caller from deleting this package: unlisting is the client's delete, so the
    /// rule's delete level guards it (and relisting, its undo).
    /// </exception>
    public async Task<PackageUpdateResult> SetListedAsync(AuthorizedProject project, PackageType type, string name, string version, bool listed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(type);
        project.Require(PackageAction.Delete);
        await _protection.EnsureAllowedAsync(project, PackageAction.Delete, type, name, cancellationToken).ConfigureAwait(false);
        var coordinate = PackageCoordinate.Create(project.Project.Id, type, name, version);
        var result = await _packages.SetListedAsync(coordinate, listed, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (result.Outcome == PackageUpdateOutcome.Updated)
        {
            LogListed(_logger, type.Name, coordinate.NormalizedName, coordinate.NormalizedVersion, listed, project.Project.Id);
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{PackageType} {PackageName} {PackageVersion} listed: {Listed}, in project {ProjectId}")]
    private static partial void LogListed(ILogger logger, string packageType, string packageName, string packageVersion, bool listed, long projectId);
}
