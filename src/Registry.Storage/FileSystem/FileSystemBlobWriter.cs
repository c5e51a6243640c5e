using System.IO.Abstractions;
using Registry.Core.Storage;

namespace Registry.Storage.FileSystem;

/// <summary>An upload into a temp file of a <see cref="FileSystemBlobStore"/>, renamed into place on commit.</summary>
internal sealed class FileSystemBlobWriter : IBlobWriter
{
    private const int Open = 0;
    private const int Committed = 1;
    private const int Disposed = 2;

    private readonly FileSystemBlobStore _store;
    private readonly string _tempPath;
    private readonly FileSystemStream _content;
    private int _state;
    private bool _contentClosed;

    public FileSystemBlobWriter(FileSystemBlobStore store, string tempPath, FileSystemStream content)
    {
        _store = store;
        _tempPath = tempPath;
        _content = content;
    }

    /// <inheritdoc />
    public Stream Content => _content;

    /// <summary>The temp file, for tests that check it is gone.</summary>
    internal string TempPath => _tempPath;

    /// <inheritdoc />
    /// <remarks>
    /// The caller owns the returned stream. It is opened apart from <see cref="Content"/>, sharing write and delete
    /// access, so the writer stays open and may still commit or discard the file while it is being read.
    /// </remarks>
    public async Task<Stream> OpenWrittenAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotOpen();
        if (!_contentClosed)
        {
            // A separate handle only sees what has left the write buffer.
            await _content.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return _store.FileSystem.FileStream.New(
            _tempPath,
            FileMode.Open,
            FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete,
            FileSystemBlobStore.BufferSize,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
    }

    /// <inheritdoc />
    /// <remarks>The key is trusted to be the content's SHA-256: the caller hashed the bytes as it wrote them.</remarks>
    public async Task CommitAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        ThrowIfNotOpen();
        cancellationToken.ThrowIfCancellationRequested();
        if (!_contentClosed)
        {
            // Durable before it becomes visible: a crash after the rename must not leave a blob with missing bytes.
            await _content.FlushAsync(cancellationToken).ConfigureAwait(false);
            _content.Flush(flushToDisk: true);
            await _content.DisposeAsync().ConfigureAwait(false);
            _contentClosed = true;
        }

        // Past this point the token is no longer honoured: the rename is short, and stopping half way gains nothing.
        _store.CommitTempFile(_tempPath, key);
        Volatile.Write(ref _state, Committed);
    }

    /// <summary>Discards the temp file unless committed; safe to call more than once and after a failed commit.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, Disposed) != Open)
        {
            return;
        }

        try
        {
            // Closing flushes what is buffered; when that fails (disk full, connection torn down) the handle is
            // closed all the same, and the bytes were to be thrown away anyway.
            await _content.DisposeAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _contentClosed = true;
        _store.DeleteTempFile(_tempPath);
    }

    private void ThrowIfNotOpen()
    {
        var state = Volatile.Read(ref _state);
        ObjectDisposedException.ThrowIf(state == Disposed, this);
        if (state == Committed)
        {
            throw new InvalidOperationException("The blob has been committed already.");
        }
    }
}
