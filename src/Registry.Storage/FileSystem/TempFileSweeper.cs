using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Options;

namespace Registry.Storage.FileSystem;

/// <summary>
/// Removes uploads abandoned by a crash (<see cref="FileSystemBlobStore.DeleteStaleTempFilesAsync"/>): once while the
/// host starts, before it serves (hosted services start before the server), so a restart after a kill leaves no temp
/// file behind, and then at every <see cref="PackageRegistryOptions.GarbageCollectionInterval"/>. Files of another
/// machine's hosts go only after <see cref="PackageRegistryOptions.OrphanBlobGracePeriod"/> without a write.
/// </summary>
internal sealed partial class TempFileSweeper(
    FileSystemBlobStore store, IOptionsMonitor<PackageRegistryOptions> options, TimeProvider time, ILogger<TempFileSweeper> logger) : BackgroundService
{
    /// <inheritdoc />
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await SweepAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.GarbageCollectionInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    // A sweep that fails (a directory gone, a permission) must not stop the next one.
                    LogFailed(logger, ex);
                }
                catch (UnauthorizedAccessException ex)
                {
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var deleted = await store.DeleteStaleTempFilesAsync(options.CurrentValue.OrphanBlobGracePeriod, cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            LogSwept(logger, deleted, store.RootPath);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} temp files of abandoned uploads under {Root}")]
    private static partial void LogSwept(ILogger logger, int count, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping abandoned temp files failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
