using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Options;
using Registry.Core.Storage;

namespace Registry.Core.Deleting;

/// <summary>
/// Removes what deletes left behind: rows pending destruction, then blobs no row refers to.
/// </summary>
/// <remarks>
/// A blob is deleted only inside <see cref="IPackageStore.TryCollectBlobAsync"/>: under a lock on its key that every
/// publish also takes to claim the blob before committing it and to record its row, after checking (in the same
/// transaction) that no row refers to it and no claim younger than
/// <see cref="PackageRegistryOptions.OrphanBlobGracePeriod"/> holds it. So "listed as unreferenced, then referenced by a
/// new row, then deleted" cannot happen, on SQLite or PostgreSQL, however many hosts share the database and the blobs:
/// a collection either precedes the claim (and the publish's commit writes the bytes again) or sees the claim or the
/// row. At the default grace period (an hour) a publish would have to stall for an hour between its claim and its row,
/// which are two statements around a rename, for its claim to expire; even then it records nothing and fails. The
/// blob's age is checked first as well, which spares the database a transaction per young blob.
/// </remarks>
public sealed partial class BlobGarbageCollector : BackgroundService
{
    private readonly IBlobStore _blobs;
    private readonly IPackageStore _packages;
    private readonly IOptionsMonitor<PackageRegistryOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BlobGarbageCollector> _logger;

    /// <summary>Creates the collector.</summary>
    public BlobGarbageCollector(IBlobStore blobs, IPackageStore packages, IOptionsMonitor<PackageRegistryOptions> options, TimeProvider time, ILogger<BlobGarbageCollector> logger)
    {
        _blobs = blobs;
        _packages = packages;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one collection now; returns how many blobs were deleted.</summary>
    public async Task<int> CollectAsync(CancellationToken cancellationToken)
    {
        await _packages.PurgePendingDestructionAsync(cancellationToken).ConfigureAwait(false);
        var cutoff = _time.GetUtcNow() - _options.CurrentValue.OrphanBlobGracePeriod;
        await _packages.DropExpiredBlobClaimsAsync(cutoff, cancellationToken).ConfigureAwait(false);
        var deleted = 0;
        await foreach (var blob in _blobs.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (blob.LastModified > cutoff)
            {
                continue;
            }

            var key = blob.Key;
            if (await _packages.TryCollectBlobAsync(key, cutoff, token => _blobs.DeleteAsync(key, token), cancellationToken).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        if (deleted > 0)
        {
            LogCollected(_logger, deleted);
        }

        return deleted;
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicRounds.RunAsync(_options.CurrentValue.GarbageCollectionInterval, _time, CollectAsync, ex => LogFailed(_logger, ex), stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collection deleted {Count} unreferenced blobs")]
    private static partial void LogCollected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Garbage collection failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
