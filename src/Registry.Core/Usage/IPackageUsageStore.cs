namespace Registry.Core.Usage;

/// <summary>
/// Storage usage and the groups' quota overrides, kept with the package metadata (so a host that brings its own
/// directory keeps them). Usage is one aggregate query per call, whatever the number of projects or packages.
/// </summary>
public interface IPackageUsageStore
{
    /// <summary>The live packages' usage in <paramref name="projectIds"/> (<see cref="PackageUsage.Empty"/> for none).</summary>
    Task<PackageUsage> GetUsageAsync(IReadOnlyCollection<long> projectIds, CancellationToken cancellationToken);

    /// <summary>The group's stored quota override, or null when it follows the configured defaults.</summary>
    Task<GroupQuota?> FindQuotaOverrideOrNullAsync(long groupId, CancellationToken cancellationToken);

    /// <summary>Stores the group's quota override, replacing an earlier one; null removes it (back to the defaults).</summary>
    Task SetQuotaOverrideAsync(long groupId, GroupQuota? quota, CancellationToken cancellationToken);
}
