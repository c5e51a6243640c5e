using System.Buffers;
using Amazon.Runtime;
using Amazon.S3.Model;
using Registry.Core.Storage;

namespace Registry.Storage.S3;

/// <summary>
/// An upload into an <see cref="S3BlobStore"/>. Bytes collect in one pooled buffer of a part's size; a blob that fits
/// is put under its key in one request at commit, a larger one streams part by part into a multipart upload of a
/// temporary object, completed when the content is read back or committed and then copied into place.
/// </summary>
internal sealed class S3BlobWriter : IBlobWriter
{
    private readonly S3BlobStore _store;
    private readonly string _tempKey;
    private readonly int _partSize;
    private readonly List<PartETag> _parts = [];
    private byte[]? _buffer;
    private int _buffered;
    private long _length;
    private string? _uploadId;
    private bool _tempObjectExists;
    private bool _sealed;
    private bool _committed;
    private bool _disposed;

    public S3BlobWriter(S3BlobStore store, string tempKey)
    {
        _store = store;
        _tempKey = tempKey;
        _partSize = store.Options.PartSizeBytes;
        Content = new S3UploadStream(this);
    }

    /// <inheritdoc />
    /// <remarks>Write-only and asynchronous only: a synchronous write would block a thread on a part upload.</remarks>
    public Stream Content { get; }

    internal long Length => _length;

    /// <inheritdoc />
    /// <remarks>
    /// Seals the content: an object store cannot read an unfinished multipart upload, so the upload is completed here
    /// and later writes are refused. A blob that fits in the buffer is read back from memory, without a request.
    /// </remarks>
    public async Task<Stream> OpenWrittenAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotOpen();
        await SealAsync(cancellationToken).ConfigureAwait(false);
        return _uploadId is null
            ? new MemoryStream(_buffer ?? [], 0, _buffered, writable: false)
            : new S3ReadStream(_store, _tempKey, _length);
    }

    /// <inheritdoc />
    /// <remarks>The key is trusted to be the content's SHA-256: the caller hashed the bytes as it wrote them.</remarks>
    public async Task CommitAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        ThrowIfNotOpen();
        await SealAsync(cancellationToken).ConfigureAwait(false);
        var objectKey = S3BlobStore.ObjectKeyOf(key);
        if (_uploadId is null)
        {
            await _store.CreateOrRefreshAsync(ct => PutBufferAsync(objectKey, ct), objectKey, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (_length > S3BlobStore.MaxCopyBytes)
            {
                throw new NotSupportedException($"A blob of {_length} bytes is larger than the 5 GiB that S3 copies in one request.");
            }

            await _store.CreateOrRefreshAsync(ct => CopyTempAsync(objectKey, ct), objectKey, cancellationToken).ConfigureAwait(false);
            await _store.DeleteObjectAsync(_tempKey, CancellationToken.None).ConfigureAwait(false);
            _tempObjectExists = false;
        }

        _committed = true;
        ReturnBuffer();
        await _store.VerifyCommittedAsync(objectKey, _length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Aborts the multipart upload or removes the temporary object unless committed; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ReturnBuffer();
        if (_committed)
        {
            return;
        }

        try
        {
            // Not the caller's token: cleaning up must happen even when the upload was cancelled.
            if (_uploadId is not null && !_tempObjectExists)
            {
                await _store.Client.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = _store.Options.Bucket, Key = _tempKey, UploadId = _uploadId },
                    CancellationToken.None).ConfigureAwait(false);
            }
            else if (_tempObjectExists)
            {
                await _store.DeleteObjectAsync(_tempKey, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (AmazonServiceException)
        {
            // Disposal must not hide the failure that led here. What is left (a store without abort, such as s3rver, or
            // a lost connection) is what a bucket lifecycle rule for incomplete uploads and tmp/ removes; see the README.
        }
    }

    internal async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
        {
            return;
        }

        ThrowIfNotOpen();
        if (_sealed)
        {
            throw new InvalidOperationException("The content was read back or committed; an S3 upload takes no more bytes after that.");
        }

        while (!data.IsEmpty)
        {
            _buffer ??= ArrayPool<byte>.Shared.Rent(_partSize);
            var take = Math.Min(data.Length, _partSize - _buffered);
            data[..take].CopyTo(_buffer.AsMemory(_buffered));
            _buffered += take;
            _length += take;
            data = data[take..];
            if (_buffered == _partSize)
            {
                await UploadPartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task SealAsync(CancellationToken cancellationToken)
    {
        if (_sealed)
        {
            return;
        }

        if (_uploadId is not null)
        {
            if (_buffered > 0)
            {
                await UploadPartAsync(cancellationToken).ConfigureAwait(false);
            }

            await _store.Client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest
                {
                    BucketName = _store.Options.Bucket,
                    Key = _tempKey,
                    UploadId = _uploadId,
                    PartETags = _parts,
                },
                cancellationToken).ConfigureAwait(false);
            _tempObjectExists = true;
            ReturnBuffer();
        }

        _sealed = true;
    }

    private async Task UploadPartAsync(CancellationToken cancellationToken)
    {
        var buffer = _buffer ?? throw new InvalidOperationException("No part is buffered.");
        _uploadId ??= (await _store.Client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = _store.Options.Bucket, Key = _tempKey, ContentType = "application/octet-stream" },
            cancellationToken).ConfigureAwait(false)).UploadId;
        var partNumber = _parts.Count + 1;
        using var part = new MemoryStream(buffer, 0, _buffered, writable: false);
        var response = await _store.Client.UploadPartAsync(
            _store.WithBodyOptions(new UploadPartRequest
            {
                BucketName = _store.Options.Bucket,
                Key = _tempKey,
                UploadId = _uploadId,
                PartNumber = partNumber,
                PartSize = _buffered,
                InputStream = part,
            }),
            cancellationToken).ConfigureAwait(false);
        _parts.Add(new PartETag(partNumber, response.ETag));
        _buffered = 0;
    }

    private async Task PutBufferAsync(string objectKey, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(_buffer ?? [], 0, _buffered, writable: false);
        await _store.PutObjectAsync(objectKey, body, ifNoneMatch: "*", cancellationToken).ConfigureAwait(false);
    }

    private async Task CopyTempAsync(string objectKey, CancellationToken cancellationToken)
    {
        var request = _store.CopyRequest(_tempKey, objectKey);
        request.IfNoneMatch = "*";
        await _store.Client.CopyObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private void ReturnBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ThrowIfNotOpen()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed)
        {
            throw new InvalidOperationException("The blob has been committed already.");
        }
    }
}
