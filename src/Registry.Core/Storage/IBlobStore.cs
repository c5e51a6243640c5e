namespace Registry.Core.Storage;

/// <summary>
/// Content-addressed storage for package bytes. A blob's key is the lowercase hex SHA-256 of its
/// content, so the same bytes are stored once however often they are published.
/// </summary>
public interface IBlobStore
{
    /// <summary>
    /// Starts writing a new blob to a temporary place. The caller streams into
    /// <see cref="IBlobWriter.Content"/>, may read it back to validate it, and then commits it under its
    /// SHA-256; disposing an uncommitted writer removes every trace of it.
    /// </summary>
    Task<IBlobWriter> CreateWriterAsync(CancellationToken cancellationToken);

    /// <summary>Opens a blob for reading; seekable where the store allows range reads. Null when absent.</summary>
    Task<Stream?> OpenReadOrNullAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// The blob's path on a local file system, for servers that send files without copying them through the process
    /// (sendfile); null when the store is not a local file system. The default says null.
    /// </summary>
    string? FindLocalPathOrNull(string key) => null;

    /// <summary>Whether a blob exists.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes a blob; absent blobs are not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every committed blob, for garbage collection and migration.</summary>
    IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken);
}
