using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registry.Core.Deleting;
using Registry.Core.Storage;

namespace Registry.Core.Reading;

/// <summary>
/// Keeps packages' last download times off the request path: a download only notes (package, time) in memory
/// (<see cref="Record"/>), and a timer on the registry's clock writes every noted package once per
/// <see cref="Interval"/> in one transaction (<see cref="IPackageStore.RecordDownloadsAsync"/>), and once more when the
/// host stops. GitLab shows the time as the packages API's <c>last_downloaded_at</c>
/// (https://docs.gitlab.com/ee/api/packages.html); it has no download count there, so none is kept.
/// </summary>
/// <remarks>
/// Awaiting the write on the request made a download wait for a durable commit (a 359 ms p99 on PostgreSQL), and every
/// request holding the same cached package issued it. Memory is one slot per package noted since the last flush, at
/// most <see cref="MaxPendingPackages"/>; past that, new packages are dropped (and counted: <c>registry.downloads.unrecorded</c>)
/// until the next flush, since a lost download time costs less than unbounded memory.
/// </remarks>
public sealed partial class DownloadRecorder(IPackageStore packages, TimeProvider time, RegistryMetrics metrics, ILogger<DownloadRecorder> logger)
    : BackgroundService
{
    /// <summary>
    /// How often noted downloads are written, and how stale a recorded time may get. The store skips a package whose
    /// time another host recorded less than this long ago, so the hosts sharing a database write each at most once per
    /// interval between them.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>How much later than the noted one a download must be to move a package's noted time.</summary>
    private static readonly TimeSpan NotePrecision = TimeSpan.FromSeconds(1);

    /// <summary>The most packages noted between two flushes.</summary>
    internal const int DefaultMaxPendingPackages = 100_000;

    private readonly ConcurrentDictionary<long, DateTimeOffset> _pending = new();

    // Counted apart from the dictionary: ConcurrentDictionary.Count takes every lock, which a download must not.
    private int _pendingCount;

    private PeriodicTimer? _timer;

    /// <summary>The most packages noted between two flushes; downloads of further packages go unrecorded until the next.</summary>
    public int MaxPendingPackages { get; internal init; } = DefaultMaxPendingPackages;

    /// <summary>How many packages are noted and not written yet.</summary>
    public int PendingCount => Volatile.Read(ref _pendingCount);

    /// <summary>Notes a download of <paramref name="packageId"/> now; never waits for the store.</summary>
    public void Record(long packageId)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            if (_pending.TryGetValue(packageId, out var noted))
            {
                // The latest download wins, to the second: concurrent downloads of one package then mostly only read
                // the slot, instead of queueing on its lock to move it by a millisecond each.
                if (now - noted < NotePrecision || _pending.TryUpdate(packageId, now, noted))
                {
                    return;
                }

                continue;
            }

            if (!TryTakeSlot())
            {
                return;
            }

            if (_pending.TryAdd(packageId, now))
            {
                return;
            }

            // Another download of the same package took the slot first: give the count back and update that slot.
            Interlocked.Decrement(ref _pendingCount);
        }
    }

    /// <summary>
    /// Writes every noted download now, in one transaction; the timer and the host's stop call it. Notes taken while
    /// it runs wait for the next flush; when the write fails they are noted again, so the next flush retries them.
    /// </summary>
    /// <returns>How many packages were handed to the store.</returns>
    public async Task<int> FlushAsync(CancellationToken cancellationToken)
    {
        var batch = new Dictionary<long, DateTimeOffset>();
        // Enumerating the dictionary takes no lock (its Keys would take them all); a note added meanwhile may be missed,
        // and waits for the next flush.
        foreach (var (id, _) in _pending)
        {
            if (_pending.TryRemove(id, out var at))
            {
                Interlocked.Decrement(ref _pendingCount);
                batch[id] = at;
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        try
        {
            await packages.RecordDownloadsAsync(batch, Interval, cancellationToken).ConfigureAwait(false);
            return batch.Count;
        }
        catch
        {
            Requeue(batch);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>Starts the interval here: the host runs <see cref="ExecuteAsync"/> on the thread pool, whenever it gets to it.</remarks>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        _timer = new PeriodicTimer(Interval, time);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _timer is { } timer
            ? PeriodicRounds.RunAsync(timer, FlushAsync, ex => LogFlushFailed(logger, ex), stoppingToken)
            : Task.CompletedTask;

    /// <inheritdoc />
    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    /// <inheritdoc />
    /// <remarks>Stops the timer, then writes what was noted since its last tick, within the host's shutdown timeout.</remarks>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A stopping host has nobody to report to but the log; the times are lost, the downloads were served.
            LogFlushFailed(logger, ex);
        }
    }

    private void Requeue(Dictionary<long, DateTimeOffset> batch)
    {
        foreach (var (id, at) in batch)
        {
            if (!TryTakeSlot())
            {
                continue;
            }

            // A newer note taken since the batch was taken already holds the slot: keep it, give the count back.
            if (!_pending.TryAdd(id, at))
            {
                Interlocked.Decrement(ref _pendingCount);
            }
        }
    }

    // Counts one more package noted, unless MaxPendingPackages are already: then the download goes unrecorded, counted.
    private bool TryTakeSlot()
    {
        if (Interlocked.Increment(ref _pendingCount) <= MaxPendingPackages)
        {
            return true;
        }

        Interlocked.Decrement(ref _pendingCount);
        metrics.RecordUnrecordedDownload();
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording download times failed; retrying at the next interval")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
