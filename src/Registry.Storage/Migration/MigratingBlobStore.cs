using System.Runtime.CompilerServices;
using Registry.Core.Storage;

namespace Registry.Storage.Migration;

/// <summary>
/// The blob store of a registry whose blobs are moving from <see cref="Source"/> to <see cref="Destination"/> while it
/// serves: every upload lands in the destination, reads try the destination first and fall back to the source, so
/// each blob switches over the moment <see cref="BlobStoreMigrator"/> has copied and verified it.
/// </summary>
/// <remarks>
/// A read that misses both stores looks at the destination once more: the migrator deletes a source copy only after
/// the destination's copy is verified, so a blob that left the source between the two looks is found there.
/// </remarks>
public sealed class MigratingBlobStore : IBlobStore, IBlobUrlProvider
{
    /// <summary>Creates the store.</summary>
    /// <param name="source">Where the blobs are now (the local file system, say); only read and deleted.</param>
    /// <param name="destination">Where they go (a bucket, say); receives every new blob.</param>
    public MigratingBlobStore(IBlobStore source, IBlobStore destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        Source = source;
        Destination = destination;
    }

    /// <summary>The store blobs move from.</summary>
    public IBlobStore Source { get; }

    /// <summary>The store blobs move to.</summary>
    public IBlobStore Destination { get; }

    /// <inheritdoc />
    public Task<IBlobWriter> CreateWriterAsync(CancellationToken cancellationToken) =>
        Destination.CreateWriterAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<Stream?> OpenReadOrNullAsync(string key, CancellationToken cancellationToken) =>
        await Destination.OpenReadOrNullAsync(key, cancellationToken).ConfigureAwait(false)
        ?? await Source.OpenReadOrNullAsync(key, cancellationToken).ConfigureAwait(false)
        ?? await Destination.OpenReadOrNullAsync(key, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) =>
        await Destination.ExistsAsync(key, cancellationToken).ConfigureAwait(false)
        || await Source.ExistsAsync(key, cancellationToken).ConfigureAwait(false)
        || await Destination.ExistsAsync(key, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    /// <remarks>Deletes from both, so that the migration does not bring back a blob garbage collection removed.</remarks>
    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await Source.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        await Destination.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The destination's blobs, then the source's that the destination lacks: a blob in both is reported once, with the
    /// destination's (younger) time, so garbage collection never judges it by the source copy's age.
    /// </remarks>
    public async IAsyncEnumerable<BlobEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in Destination.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return entry;
        }

        await foreach (var entry in Source.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await Destination.ExistsAsync(entry.Key, cancellationToken).ConfigureAwait(false))
            {
                yield return entry;
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Only for a blob the destination holds already; one still in the source is streamed by the host. The URL is asked
    /// for first, so a destination that proxies downloads costs no extra lookup.
    /// </remarks>
    public async Task<Uri?> GetDownloadUrlOrNullAsync(string key, string fileName, CancellationToken cancellationToken)
    {
        if (Destination is not IBlobUrlProvider urls
            || await urls.GetDownloadUrlOrNullAsync(key, fileName, cancellationToken).ConfigureAwait(false) is not { } url)
        {
            return null;
        }

        return await Destination.ExistsAsync(key, cancellationToken).ConfigureAwait(false) ? url : null;
    }
}
