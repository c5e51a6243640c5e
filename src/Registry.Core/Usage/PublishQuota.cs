namespace Registry.Core.Usage;

/// <summary>
/// The quota a publish must stay within, checked by <see cref="Storage.IPackageStore.TryAddFileAsync"/> inside the
/// transaction that records the file, after taking the group's lock: concurrent publishes into one group queue there,
/// so they cannot both slip under a limit.
/// </summary>
/// <param name="GroupId">The top-level group whose limits apply (the lock's key).</param>
/// <param name="ProjectIds">Every project in the group and its subgroups, the publishing one included.</param>
/// <param name="Limits">The group's effective limits (at least one set).</param>
public sealed record PublishQuota(long GroupId, IReadOnlyCollection<long> ProjectIds, GroupQuota Limits)
{
    /// <summary>
    /// Throws <see cref="PackageQuotaExceededException"/> when recording a file of <paramref name="fileBytes"/> (and a
    /// new package version, when <paramref name="newPackage"/>) would take <paramref name="used"/> over the limits.
    /// </summary>
    /// <param name="used">The group's usage before this file; with <paramref name="newPackage"/>, not counting its package.</param>
    /// <param name="fileBytes">The file's size.</param>
    /// <param name="newPackage">Whether the file creates a package version.</param>
    public void EnsureRoomFor(PackageUsage used, long fileBytes, bool newPackage)
    {
        ArgumentNullException.ThrowIfNull(used);
        if (Limits.MaxPackages is { } maxPackages && newPackage && used.Packages + 1 > maxPackages)
        {
            throw PackageQuotaExceededException.ForPackages(maxPackages);
        }

        if (Limits.MaxBytes is { } maxBytes && used.Bytes + fileBytes > maxBytes)
        {
            throw PackageQuotaExceededException.ForBytes(used.Bytes, fileBytes, maxBytes);
        }
    }
}
