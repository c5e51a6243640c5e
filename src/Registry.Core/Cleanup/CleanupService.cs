using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Deleting;

namespace Registry.Core.Cleanup;

/// <summary>
/// Runs the cleanup policies that are due (<see cref="CleanupPolicy.NextRunAt"/>) every
/// <see cref="CleanupOptions.CheckInterval"/>, at most <see cref="CleanupOptions.MaxConcurrentProjects"/> projects at
/// once, and schedules each one <see cref="CleanupOptions.Interval"/> after its run. When several hosts share a database
/// only the one holding the database lease (<see cref="ICleanupPolicyStore.TryTakeLeaseAsync"/>) runs them; it renews
/// the lease before each project, and another host takes over when a holder dies and its lease expires.
/// </summary>
public sealed partial class CleanupService : BackgroundService
{
    private readonly ICleanupPolicyStore _policies;
    private readonly PackageCleaner _cleaner;
    private readonly IOptionsMonitor<CleanupOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CleanupService> _logger;

    /// <summary>Creates the service.</summary>
    public CleanupService(ICleanupPolicyStore policies, PackageCleaner cleaner, IOptionsMonitor<CleanupOptions> options, TimeProvider time, ILogger<CleanupService> logger)
    {
        _policies = policies;
        _cleaner = cleaner;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>This host's name on the lease.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Runs the policies due now, if this host gets the lease; how many ran (0 when another host holds the lease).
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        if (!await _policies.TryTakeLeaseAsync(Holder, _time.GetUtcNow(), options.LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        try
        {
            var due = await _policies.ListDueAsync(_time.GetUtcNow(), options.BatchSize, cancellationToken).ConfigureAwait(false);
            var ran = 0;
            await Parallel.ForEachAsync(
                due,
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentProjects, CancellationToken = cancellationToken },
                async (policy, token) =>
                {
                    // Renewed per project, so a long round keeps the lease and a lost lease stops the round.
                    if (!await _policies.TryTakeLeaseAsync(Holder, _time.GetUtcNow(), options.LeaseDuration, token).ConfigureAwait(false))
                    {
                        return;
                    }

                    try
                    {
                        await _cleaner.RunAsync(policy, dryRun: false, token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // One project's failure must not keep the others from running; it is retried at its next run.
                        LogProjectFailed(_logger, policy.ProjectId, ex);
                    }

                    await _policies.SetNextRunAsync(policy.ProjectId, policy.NextRunAt, _time.GetUtcNow() + options.Interval, token).ConfigureAwait(false);
                    Interlocked.Increment(ref ran);
                }).ConfigureAwait(false);
            return ran;
        }
        finally
        {
            await _policies.ReleaseLeaseAsync(Holder, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicRounds.RunAsync(_options.CurrentValue.CheckInterval, _time, RunDueAsync, ex => LogFailed(_logger, ex), stoppingToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup policy of project {ProjectId} failed; it runs again at its next interval")]
    private static partial void LogProjectFailed(ILogger logger, long projectId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cleanup round failed; retrying at the next check")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
