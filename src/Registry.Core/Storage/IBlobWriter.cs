namespace Registry.Core.Storage;

/// <summary>A blob being written: temporary until <see cref="CommitAsync"/>; removed if disposed before.</summary>
public interface IBlobWriter : IAsyncDisposable
{
    /// <summary>The writable stream for the content.</summary>
    Stream Content { get; }

    /// <summary>Opens what was written so far for reading, so a format can validate it before it is committed.</summary>
    /// <remarks>
    /// Write everything first: an object store cannot read an unfinished multipart upload, so it may complete the upload
    /// here and refuse further bytes.
    /// </remarks>
    Task<Stream> OpenWrittenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Makes the content durable under <paramref name="key"/> (its SHA-256, lowercase hex) atomically.
    /// When a blob with that key exists already, the temporary copy is discarded.
    /// </summary>
    Task CommitAsync(string key, CancellationToken cancellationToken);
}
