using Microsoft.Extensions.Options;
using Registry.Core.Audit;
using Registry.Core.Directory;
using Registry.Core.Options;
using Registry.Core.Security;

namespace Registry.Core.Usage;

/// <summary>
/// Per top-level group package quotas (beyond GitLab; Gitea and Forgejo have them): the configured defaults
/// (<see cref="PackageRegistryOptions.Quotas"/>) unless an instance administrator overrode them for the group. A quota
/// counts every project of the group and its subgroups; the publish use case enforces it in its transaction.
/// </summary>
public sealed class PackageQuotas
{
    private readonly IPackageUsageStore _store;
    private readonly IProjectDirectory _directory;
    private readonly IOptionsMonitor<PackageRegistryOptions> _options;
    private readonly RegistryAudit _audit;
    private readonly Storage.IPackageStore _packages;

    /// <summary>Creates the use case.</summary>
    public PackageQuotas(IPackageUsageStore store, IProjectDirectory directory, IOptionsMonitor<PackageRegistryOptions> options, RegistryAudit audit, Storage.IPackageStore packages)
    {
        _packages = packages;
        _store = store;
        _directory = directory;
        _options = options;
        _audit = audit;
    }

    /// <summary>The top-level group's effective limits.</summary>
    public async Task<GroupQuotaSetting> GetAsync(long groupId, CancellationToken cancellationToken)
    {
        var stored = await _store.FindQuotaOverrideOrNullAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return new GroupQuotaSetting(stored, IsOverride: true);
        }

        var defaults = _options.CurrentValue.Quotas;
        return new GroupQuotaSetting(new GroupQuota(defaults.MaxBytes, defaults.MaxPackages), IsOverride: false);
    }

    /// <summary>
    /// Overrides a top-level group's limits (a null limit is none), or with <paramref name="quota"/> null returns it to
    /// the defaults. Instance administrators only; the next publish into the group sees the change on every host.
    /// </summary>
    /// <exception cref="InvalidOperationException">The caller is not an administrator, or the group is a subgroup.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is negative.</exception>
    public async Task<GroupQuotaSetting> SetAsync(RegistryPrincipal principal, Group group, GroupQuota? quota, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(group);
        if (!principal.IsAdmin)
        {
            throw new InvalidOperationException("Only instance administrators set package quotas.");
        }

        if (group.ParentId is not null)
        {
            throw new InvalidOperationException("Package quotas belong to top-level groups.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(quota?.MaxBytes ?? 0);
        ArgumentOutOfRangeException.ThrowIfNegative(quota?.MaxPackages ?? 0);
        await _store.SetQuotaOverrideAsync(group.Id, quota, cancellationToken).ConfigureAwait(false);
        var setting = await GetAsync(group.Id, cancellationToken).ConfigureAwait(false);
        await _audit.RecordAsync(
            quota is null ? RegistryAuditActions.QuotaRemoved : RegistryAuditActions.QuotaUpdated,
            principal,
            e => e with { GroupId = group.Id, Details = Describe(setting.Limits) }).ConfigureAwait(false);
        return setting;
    }

    /// <summary>The quota a publish into <paramref name="project"/> must stay within, or null when its group has no limit.</summary>
    internal async Task<PublishQuota?> ScopeOrNullAsync(Project project, CancellationToken cancellationToken)
    {
        var rootGroupId = project.AncestorGroupIds.Count > 0 ? project.AncestorGroupIds[^1] : project.GroupId;
        var setting = await GetAsync(rootGroupId, cancellationToken).ConfigureAwait(false);
        if (!setting.Limits.IsLimited)
        {
            return null;
        }

        var projects = await _directory.ListGroupProjectsAsync(rootGroupId, excludeSubgroups: false, cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<long>(projects.Select(static p => p.Id)) { project.Id };
        return new PublishQuota(rootGroupId, ids, setting.Limits);
    }

    /// <summary>
    /// Refuses early a file that would go over <paramref name="quota"/>, before its bytes are committed, so the common
    /// refusal leaves no blob behind; the store's check in the transaction stays the guard against concurrent publishes.
    /// </summary>
    internal async Task EnsureRoomAsync(PublishQuota quota, Packages.PackageCoordinate coordinate, long fileBytes, CancellationToken cancellationToken)
    {
        var used = await _store.GetUsageAsync(quota.ProjectIds, cancellationToken).ConfigureAwait(false);
        var exists = await _packages.FindPackageOrNullAsync(coordinate, cancellationToken).ConfigureAwait(false) is not null;
        quota.EnsureRoomFor(used, fileBytes, newPackage: !exists);
    }

    private static string Describe(GroupQuota quota) =>
        $"max_bytes={quota.MaxBytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} max_packages={quota.MaxPackages?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}";
}
