using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Options;
using Registry.Core.Storage;

namespace Registry.Core.Deleting;

/// <summary>
/// Removes what deletes left behind: rows pending destruction, then blobs no row refers to. A blob younger than
/// <see cref="PackageRegistryOptions.OrphanBlobGracePeriod"/> is kept, because a publish writes its blob before its
/// row (and re-publishing existing bytes refreshes the blob's time), so a young unreferenced blob may be about to
/// be referenced.
/// </summary>
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
        var deleted = 0;
        await foreach (var blob in _blobs.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (blob.LastModified > cutoff
                || await _packages.IsBlobReferencedAsync(blob.Key, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await _blobs.DeleteAsync(blob.Key, cancellationToken).ConfigureAwait(false);
            deleted++;
        }

        if (deleted > 0)
        {
            LogCollected(_logger, deleted);
        }

        return deleted;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.CurrentValue.GarbageCollectionInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await CollectAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One failed round must not stop collection for the host's lifetime; the next tick retries.
                    LogFailed(_logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping, or was disposed without stopping (test harnesses): not a failure.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collection deleted {Count} unreferenced blobs")]
    private static partial void LogCollected(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Garbage collection failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
