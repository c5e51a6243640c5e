using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Registry.Core.Storage;

namespace Registry.Storage.Migration;

/// <summary>
/// Moves every blob of one store into another while the registry keeps serving from a <see cref="MigratingBlobStore"/>
/// over the two: each blob is copied (hashed on the way, so bad bytes are never committed), read back from the
/// destination and its SHA-256 checked, and only then deleted from the source.
/// </summary>
/// <remarks>
/// Resumable: a run that stops anywhere (cancelled, killed, a failed request) leaves every blob either still in the
/// source or verified in the destination, and the next run picks up what the source still holds. A blob that an
/// interrupted run had copied but not yet deleted is verified at the destination and not copied again.
/// </remarks>
public sealed partial class BlobStoreMigrator
{
    private const int BufferSize = 128 * 1024;
    private const int LogSteps = 10;

    private readonly IBlobStore _source;
    private readonly IBlobStore _destination;
    private readonly ILogger<BlobStoreMigrator> _logger;

    /// <summary>Creates a migrator from <paramref name="source"/> to <paramref name="destination"/>.</summary>
    public BlobStoreMigrator(IBlobStore source, IBlobStore destination, ILogger<BlobStoreMigrator> logger)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(logger);
        _source = source;
        _destination = destination;
        _logger = logger;
    }

    /// <summary>How many blobs move at once; a few hide the latency of an object store.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Moves every blob the source holds; reports progress after each one and logs every tenth of the way.</summary>
    /// <param name="progress">Told after every blob; null for none.</param>
    /// <param name="cancellationToken">Stops the run between blobs (blobs in flight are left whole, in one store or both).</param>
    /// <returns>The counts; <see cref="BlobMigrationResult.Failed"/> above zero means blobs were left behind.</returns>
    public async Task<BlobMigrationResult> MigrateAsync(IProgress<BlobMigrationProgress>? progress, CancellationToken cancellationToken)
    {
        long total = 0, totalBytes = 0;
        await foreach (var entry in _source.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            total++;
            totalBytes += entry.Size;
        }

        LogStarting(_logger, total, totalBytes, _source.GetType().Name, _destination.GetType().Name);
        var tally = new Tally(total, totalBytes);
        await Parallel.ForEachAsync(
            _source.ListAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                var outcome = await MoveAsync(entry.Key, token).ConfigureAwait(false);
                var (report, logStep) = tally.Add(outcome, entry.Size);
                progress?.Report(report);
                if (logStep)
                {
                    LogProgress(_logger, report.Done, report.Total, report.BytesDone, report.TotalBytes);
                }
            }).ConfigureAwait(false);

        var result = tally.Result();
        LogFinished(_logger, result.Copied, result.AlreadyPresent, result.Vanished, result.Failed);
        return result;
    }

    private async Task<Outcome> MoveAsync(string key, CancellationToken cancellationToken)
    {
        var outcome = Outcome.AlreadyPresent;
        var found = await CheckDestinationAsync(key, cancellationToken).ConfigureAwait(false);
        if (found != Check.Verified)
        {
            if (found == Check.Mismatch)
            {
                // Content addressing keeps whatever sits under a key, so wrong bytes there must go before the copy.
                LogDestinationDamaged(_logger, key);
                await _destination.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }

            outcome = await CopyAsync(key, cancellationToken).ConfigureAwait(false);
            if (outcome != Outcome.Copied)
            {
                return outcome;
            }

            if (await CheckDestinationAsync(key, cancellationToken).ConfigureAwait(false) != Check.Verified)
            {
                // Deleted by garbage collection right after the copy, or bytes the destination did not keep intact.
                if (!await _source.ExistsAsync(key, cancellationToken).ConfigureAwait(false))
                {
                    return Outcome.Vanished;
                }

                LogNotVerified(_logger, key);
                return Outcome.Failed;
            }
        }

        await _source.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task<Check> CheckDestinationAsync(string key, CancellationToken cancellationToken)
    {
        var stream = await _destination.OpenReadOrNullAsync(key, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return Check.Missing;
        }

        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return Convert.ToHexStringLower(hash) == key ? Check.Verified : Check.Mismatch;
        }
    }

    private async Task<Outcome> CopyAsync(string key, CancellationToken cancellationToken)
    {
        var content = await _source.OpenReadOrNullAsync(key, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return Outcome.Vanished;
        }

        await using (content.ConfigureAwait(false))
        {
            var writer = await _destination.CreateWriterAsync(cancellationToken).ConfigureAwait(false);
            await using (writer.ConfigureAwait(false))
            {
                var sha256 = await CopyHashedAsync(content, writer.Content, cancellationToken).ConfigureAwait(false);
                if (sha256 != key)
                {
                    // The source copy is damaged: committing it would spread the damage. Left in place for a person to look at.
                    LogSourceCorrupt(_logger, key, sha256);
                    return Outcome.Failed;
                }

                await writer.CommitAsync(key, cancellationToken).ConfigureAwait(false);
                return Outcome.Copied;
            }
        }
    }

    private static async Task<string> CopyHashedAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return Convert.ToHexStringLower(sha256.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private enum Check
    {
        Missing,
        Verified,
        Mismatch,
    }

    private enum Outcome
    {
        Copied,
        AlreadyPresent,
        Vanished,
        Failed,
    }

    /// <summary>The counts, shared by the parallel workers.</summary>
    private sealed class Tally(long total, long totalBytes)
    {
        private readonly Lock _lock = new();
        private long _done, _bytes, _copied, _present, _vanished, _failed;

        public (BlobMigrationProgress Report, bool LogStep) Add(Outcome outcome, long size)
        {
            lock (_lock)
            {
                _done++;
                _bytes += size;
                switch (outcome)
                {
                    case Outcome.Copied: _copied++; break;
                    case Outcome.AlreadyPresent: _present++; break;
                    case Outcome.Vanished: _vanished++; break;
                    default: _failed++; break;
                }

                // Blobs may outnumber the first count when the source grew; the step test stays sound either way.
                var logStep = total > 0 && (_done * LogSteps / total) != ((_done - 1) * LogSteps / total);
                return (new BlobMigrationProgress(_done, Math.Max(total, _done), _bytes, Math.Max(totalBytes, _bytes), _failed), logStep);
            }
        }

        public BlobMigrationResult Result()
        {
            lock (_lock)
            {
                return new BlobMigrationResult(_copied, _present, _vanished, _failed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating {Count} blobs ({Bytes} bytes) from {Source} to {Destination}")]
    private static partial void LogStarting(ILogger logger, long count, long bytes, string source, string destination);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrated {Done}/{Total} blobs ({BytesDone}/{TotalBytes} bytes)")]
    private static partial void LogProgress(ILogger logger, long done, long total, long bytesDone, long totalBytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob migration finished: {Copied} copied, {AlreadyPresent} already at the destination, {Vanished} deleted meanwhile, {Failed} failed")]
    private static partial void LogFinished(ILogger logger, long copied, long alreadyPresent, long vanished, long failed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Blob {Key} does not match its SHA-256 at the destination after copying; the source copy is kept")]
    private static partial void LogNotVerified(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob {Key} at the destination does not match its SHA-256; copying it again")]
    private static partial void LogDestinationDamaged(ILogger logger, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Blob {Key} in the source hashes to {Actual}: damaged, not copied and kept in the source")]
    private static partial void LogSourceCorrupt(ILogger logger, string key, string actual);
}
