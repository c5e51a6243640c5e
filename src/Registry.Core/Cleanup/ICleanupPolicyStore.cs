namespace Registry.Core.Cleanup;

/// <summary>
/// The projects' cleanup policies, and the lease that lets one host at a time run them when several share a database.
/// Policies live with the package metadata, so every host of one database runs the same ones.
/// </summary>
public interface ICleanupPolicyStore
{
    /// <summary>The project's policy, or null when it never set one.</summary>
    Task<CleanupPolicy?> FindOrNullAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the project's policy.</summary>
    Task SaveAsync(CleanupPolicy policy, CancellationToken cancellationToken);

    /// <summary>Policies whose <see cref="CleanupPolicy.NextRunAt"/> is at or before <paramref name="now"/>, most overdue first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<CleanupPolicy>> ListDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Moves the policy's next run, unless the policy was changed since it was read (its next run is no longer <paramref name="expected"/>).</summary>
    Task SetNextRunAsync(long projectId, DateTimeOffset? expected, DateTimeOffset? nextRunAt, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the cleanup lease for <paramref name="holder"/> until <paramref name="now"/> + <paramref name="duration"/>,
    /// in one conditional write: true when no other holder has an unexpired lease.
    /// </summary>
    Task<bool> TryTakeLeaseAsync(string holder, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up, if <paramref name="holder"/> still holds it.</summary>
    Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken);
}
