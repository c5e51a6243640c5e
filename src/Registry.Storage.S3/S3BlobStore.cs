using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Registry.Core.Storage;

namespace Registry.Storage.S3;

/// <summary>
/// Keeps blobs in an S3 bucket under the same content-addressed layout as the file system store,
/// <c>sha256/ab/cd/&lt;64 hex&gt;</c>. Uploads stream: an upload holds at most one part in memory and goes multipart
/// once it outgrows it, into a temporary object under <c>tmp/</c> that the commit copies into place server-side.
/// </summary>
/// <remarks>
/// Commits are conditional creates (<c>If-None-Match: *</c>, Amazon S3's conditional writes): when the blob exists the
/// store only refreshes its last-modified time, which restarts the garbage collector's grace period as the file system
/// store does. A server that ignores the condition overwrites the object instead, which is just as correct: the key is
/// the SHA-256 of the bytes, so an overwrite writes the very same bytes. See
/// https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html.
/// </remarks>
public sealed class S3BlobStore : IBlobStore, IBlobUrlProvider, IDisposable
{
    /// <summary>S3's limit for a single server-side copy, which is how a multipart upload is committed.</summary>
    internal const long MaxCopyBytes = 5L * 1024 * 1024 * 1024;

    private const string BlobPrefix = "sha256/";
    private const string TempPrefix = "tmp/";

    // A conflicting conditional write answers 409 and asks to be retried.
    private const int MaxConditionalAttempts = 3;

    private readonly bool _ownsClient;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a store over an existing client; the caller keeps ownership of <paramref name="client"/>.</summary>
    /// <param name="client">The S3 client.</param>
    /// <param name="options">Bucket and behaviour; validated by the caller.</param>
    /// <param name="timeProvider">The clock that dates presigned URLs; the system clock when null.</param>
    public S3BlobStore(IAmazonS3 client, S3BlobOptions options, TimeProvider? timeProvider = null)
        : this(client, options, timeProvider, ownsClient: false)
    {
    }

    private S3BlobStore(IAmazonS3 client, S3BlobOptions options, TimeProvider? timeProvider, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Bucket);
        Client = client;
        Options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownsClient = ownsClient;
    }

    internal IAmazonS3 Client { get; }

    internal S3BlobOptions Options { get; }

    /// <summary>Creates a store with its own client built from <paramref name="options"/>, disposed with the store.</summary>
    public static S3BlobStore Create(S3BlobOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new S3BlobStore(S3ClientFactory.Create(options), options, timeProvider, ownsClient: true);
    }

    /// <inheritdoc />
    public Task<IBlobWriter> CreateWriterAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IBlobWriter>(new S3BlobWriter(this, TempPrefix + Guid.NewGuid().ToString("N")));
    }

    /// <inheritdoc />
    /// <remarks>
    /// Asks for the object's size (a <c>HEAD</c>) and returns a seekable stream that fetches the bytes on first read, so
    /// a download answered by redirect costs no <c>GET</c> and a range read fetches from its start.
    /// </remarks>
    public async Task<Stream?> OpenReadOrNullAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        var length = await SizeOrNullAsync(ObjectKeyOf(key), cancellationToken).ConfigureAwait(false);
        return length is { } size ? new S3ReadStream(this, ObjectKeyOf(key), size) : null;
    }

    /// <inheritdoc />
    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        return await SizeOrNullAsync(ObjectKeyOf(key), cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        return DeleteObjectAsync(ObjectKeyOf(key), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Objects that do not follow the layout are skipped: they could not be read back by a key anyway.</remarks>
    public async IAsyncEnumerable<BlobEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = Options.Bucket, Prefix = BlobPrefix };
        ListObjectsV2Response response;
        do
        {
            response = await Client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            foreach (var item in response.S3Objects ?? [])
            {
                if (KeyOfOrNull(item.Key) is { } key)
                {
                    var modified = DateTime.SpecifyKind(item.LastModified ?? DateTime.UnixEpoch, DateTimeKind.Utc);
                    yield return new BlobEntry(key, item.Size ?? 0, new DateTimeOffset(modified));
                }
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Null while <see cref="S3BlobOptions.ProxyDownload"/> is on. Otherwise a URL presigned for <c>GET</c>, valid for
    /// <see cref="S3BlobOptions.PresignedUrlLifetime"/>, that makes the bucket answer with the file's name and a generic
    /// content type. Signing is local: no request is made.
    /// </remarks>
    public async Task<Uri?> GetDownloadUrlOrNullAsync(string key, string fileName, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(fileName);
        if (Options.ProxyDownload)
        {
            return null;
        }

        var request = new GetPreSignedUrlRequest
        {
            BucketName = Options.Bucket,
            Key = ObjectKeyOf(key),
            Verb = HttpVerb.GET,
            Expires = _timeProvider.GetUtcNow().Add(Options.PresignedUrlLifetime).UtcDateTime,
            Protocol = Options.ServiceUrl?.StartsWith("http:", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        };
        request.ResponseHeaderOverrides.ContentType = "application/octet-stream";
        request.ResponseHeaderOverrides.ContentDisposition =
            new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName }.ToString();
        return new Uri(await Client.GetPreSignedURLAsync(request).ConfigureAwait(false));
    }

    /// <summary>Disposes the client when the store created it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            Client.Dispose();
        }
    }

    /// <summary>The object key of a validated blob key.</summary>
    internal static string ObjectKeyOf(string key) => $"{BlobPrefix}{key[..2]}/{key[2..4]}/{key}";

    /// <summary>Applies the body options that some S3-compatible servers need to every request with a body.</summary>
    internal T WithBodyOptions<T>(T request)
        where T : AmazonWebServiceRequest
    {
        switch (request)
        {
            case PutObjectRequest put:
                put.UseChunkEncoding = Options.UseChunkEncoding;
                break;
            case UploadPartRequest part:
                part.UseChunkEncoding = Options.UseChunkEncoding;
                break;
        }

        return request;
    }

    /// <summary>Puts a body under an object key in one request, with the body options; <paramref name="ifNoneMatch"/> makes it a conditional create.</summary>
    internal async Task PutObjectAsync(string objectKey, Stream body, string? ifNoneMatch, CancellationToken cancellationToken) =>
        await Client.PutObjectAsync(
            WithBodyOptions(new PutObjectRequest
            {
                BucketName = Options.Bucket,
                Key = objectKey,
                InputStream = body,
                AutoCloseStream = false,
                ContentType = "application/octet-stream",
                IfNoneMatch = ifNoneMatch,
            }),
            cancellationToken).ConfigureAwait(false);

    internal Task<GetObjectResponse> GetObjectAsync(string objectKey, long from, long length, CancellationToken cancellationToken) =>
        Client.GetObjectAsync(
            new GetObjectRequest
            {
                BucketName = Options.Bucket,
                Key = objectKey,
                ByteRange = from > 0 ? new ByteRange(from, length - 1) : null,
            },
            cancellationToken);

    /// <summary>
    /// A server-side copy within the bucket. The copy source goes out as <c>bucket/key</c> with its slashes as they are,
    /// the form of S3's own examples: the SDK encodes the slashes too, which Amazon S3 accepts but some S3-compatible
    /// servers (s3rver) take for part of the bucket name. Blob keys are lowercase hex and slashes, so nothing needs escaping.
    /// </summary>
    internal CopyObjectRequest CopyRequest(string sourceKey, string destinationKey)
    {
        var request = new CopyObjectRequest
        {
            SourceBucket = Options.Bucket,
            SourceKey = sourceKey,
            DestinationBucket = Options.Bucket,
            DestinationKey = destinationKey,
        };
        var source = $"{Uri.EscapeDataString(Options.Bucket)}/{sourceKey}";
        ((Amazon.Runtime.Internal.IAmazonWebServiceRequest)request).AddBeforeRequestHandler((_, e) =>
        {
            // Raised after marshalling and before signing, so the header that is sent is the one signed.
            if (e is WebServiceRequestEventArgs args)
            {
                args.Headers["x-amz-copy-source"] = source;
            }
        });
        return request;
    }

    internal async Task DeleteObjectAsync(string objectKey, CancellationToken cancellationToken) =>
        await Client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Options.Bucket, Key = objectKey }, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs a conditional create; when the object exists already (412) refreshes its last-modified time instead.
    /// </summary>
    internal async Task CreateOrRefreshAsync(Func<CancellationToken, Task> create, string objectKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await create(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                await RefreshAsync(objectKey, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Conflict && attempt < MaxConditionalAttempts)
            {
                // A concurrent write of the same key is under way: the next round sees it done.
            }
        }
    }

    private async Task RefreshAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            // Copying an object onto itself with new metadata is S3's way to touch it.
            var request = CopyRequest(objectKey, objectKey);
            request.MetadataDirective = S3MetadataDirective.REPLACE;
            request.ContentType = "application/octet-stream";
            await Client.CopyObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception)
        {
            // The blob is there with the right bytes; the refresh is a courtesy to garbage collection, not worth a failed publish.
        }
    }

    private static readonly TimeSpan[] VerifyRetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500)];

    /// <summary>
    /// Checks that a committed object holds as many bytes as were written: a store that keeps the <c>aws-chunked</c>
    /// framing of the upload (s3rver, some S3-compatible services) stores more. Such an object is deleted, since its
    /// key promises bytes it does not hold, and the commit fails with the setting that fixes it. The size is the check
    /// every store answers; the framing always changes it.
    /// </summary>
    internal async Task VerifyCommittedAsync(string objectKey, long expectedLength, CancellationToken cancellationToken)
    {
        var stored = await SizeOrNullAsync(objectKey, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; stored != expectedLength && attempt < VerifyRetryDelays.Length; attempt++)
        {
            // A store whose copies are not atomic (s3rver writes the target in place) shows another commit of the same
            // bytes half-written for a moment; the framing defect is permanent, so asking again tells the two apart
            // before anything is deleted.
            await Task.Delay(VerifyRetryDelays[attempt], cancellationToken).ConfigureAwait(false);
            stored = await SizeOrNullAsync(objectKey, cancellationToken).ConfigureAwait(false);
        }

        if (stored == expectedLength)
        {
            return;
        }

        if (stored is not null)
        {
            await DeleteObjectAsync(objectKey, CancellationToken.None).ConfigureAwait(false);
        }

        throw new InvalidOperationException(MismatchMessage($"Object {objectKey}", expectedLength, stored));
    }

    /// <summary>What to tell an operator whose store kept other bytes than were written.</summary>
    internal string MismatchMessage(string what, long written, long? stored) =>
        $"{what} in bucket '{Options.Bucket}' holds {(stored is { } size ? size + " bytes" : "nothing")} after {written} bytes were written "
        + $"(UseChunkEncoding={Options.UseChunkEncoding}). The S3 store keeps the aws-chunked framing of uploads: set "
        + $"{S3BlobOptions.SectionName}:UseChunkEncoding=false (and {S3BlobOptions.SectionName}:Checksums=WhenRequired if it "
        + "rejects trailing checksums).";

    private async Task<long?> SizeOrNullAsync(string objectKey, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await Client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = Options.Bucket, Key = objectKey }, cancellationToken).ConfigureAwait(false);
            return metadata.ContentLength;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static string? KeyOfOrNull(string objectKey)
    {
        // sha256/ab/cd/<64 hex>, with the fan-out matching the key.
        if (objectKey.Length != BlobPrefix.Length + 6 + BlobKey.Length)
        {
            return null;
        }

        var key = objectKey[^BlobKey.Length..];
        return BlobKey.IsValid(key) && objectKey == ObjectKeyOf(key) ? key : null;
    }
}
