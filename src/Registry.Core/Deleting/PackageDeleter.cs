using Microsoft.Extensions.Logging;
using Registry.Core.Audit;
using Registry.Core.Protection;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Core.Deleting;

/// <summary>
/// The delete use case (Maintainer and above): marks a package or a file pending destruction at once, so it is
/// invisible and not installable; <see cref="BlobGarbageCollector"/> removes rows and unreferenced bytes later.
/// </summary>
public sealed partial class PackageDeleter
{
    private readonly IPackageStore _packages;
    private readonly PackageProtection _protection;
    private readonly ILogger<PackageDeleter> _logger;
    private readonly RegistryAudit _audit;

    /// <summary>Creates the use case.</summary>
    public PackageDeleter(IPackageStore packages, PackageProtection protection, ILogger<PackageDeleter> logger, RegistryAudit audit)
    {
        _audit = audit;
        _packages = packages;
        _protection = protection;
        _logger = logger;
    }

    /// <summary>Deletes a package version; false when the project has no such live package.</summary>
    /// <exception cref="PackageProtectedException">A package protection rule keeps the caller from deleting this package.</exception>
    public async Task<bool> DeletePackageAsync(AuthorizedProject project, long packageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Require(PackageAction.Delete);
        var package = await _packages.FindPackageByIdOrNullAsync(project.Project.Id, packageId, cancellationToken).ConfigureAwait(false);
        if (package is null)
        {
            return false;
        }

        await _protection.EnsureAllowedAsync(project, PackageAction.Delete, package, cancellationToken).ConfigureAwait(false);
        var deleted = await _packages.MarkPackagePendingDestructionAsync(project.Project.Id, packageId, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogDeleted(_logger, packageId, project.Project.Id);
            await _audit.RecordAsync(RegistryAuditActions.PackageDeleted, project.Principal, e => Describe(e, project, package)).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>Deletes one file of a package; false when there is no such live file in a live package of the project.</summary>
    /// <exception cref="PackageProtectedException">A package protection rule keeps the caller from deleting this package.</exception>
    public async Task<bool> DeleteFileAsync(AuthorizedProject project, long packageId, long fileId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Require(PackageAction.Delete);
        var package = await _packages.FindPackageByIdOrNullAsync(project.Project.Id, packageId, cancellationToken).ConfigureAwait(false);
        if (package is null)
        {
            return false;
        }

        await _protection.EnsureAllowedAsync(project, PackageAction.Delete, package, cancellationToken).ConfigureAwait(false);
        var deleted = await _packages.MarkFilePendingDestructionAsync(package.Id, fileId, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            await _audit.RecordAsync(RegistryAuditActions.PackageFileDeleted, project.Principal, e => Describe(e, project, package) with { FileId = fileId }).ConfigureAwait(false);
        }

        return deleted;
    }

    private static RegistryAuditEvent Describe(RegistryAuditEvent auditEvent, AuthorizedProject project, Packages.Package package) => auditEvent with
    {
        ProjectId = project.Project.Id,
        PackageType = package.Type,
        PackageId = package.Id,
        PackageName = package.Name,
        PackageVersion = package.Version,
    };

    /// <summary>
    /// Deletes a version for a cleanup policy (<see cref="Cleanup.PackageCleaner"/>), which has no caller to check: the
    /// policy was set by a Maintainer and its planner already left out what protection rules keep from deletion.
    /// </summary>
    internal async Task<bool> DeletePackageByPolicyAsync(long projectId, long packageId, CancellationToken cancellationToken)
    {
        var deleted = await _packages.MarkPackagePendingDestructionAsync(projectId, packageId, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogDeletedByPolicy(_logger, packageId, projectId);
        }

        return deleted;
    }

    /// <summary>Deletes one file for a cleanup policy; see <see cref="DeletePackageByPolicyAsync"/>.</summary>
    internal Task<bool> DeleteFileByPolicyAsync(long packageId, long fileId, CancellationToken cancellationToken) =>
        _packages.MarkFilePendingDestructionAsync(packageId, fileId, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Package {PackageId} of project {ProjectId} marked pending destruction by its cleanup policy")]
    private static partial void LogDeletedByPolicy(ILogger logger, long packageId, long projectId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Package {PackageId} of project {ProjectId} marked pending destruction")]
    private static partial void LogDeleted(ILogger logger, long packageId, long projectId);
}
