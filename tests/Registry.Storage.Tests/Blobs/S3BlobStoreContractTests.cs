using Amazon.S3.Model;
using Registry.Core.Storage;
using Registry.Storage.S3;
using Registry.Tests.S3rver;

namespace Registry.Storage.Tests.Blobs;

/// <summary>The blob store contract on S3: s3rver on loopback, one bucket per test, parts of S3's smallest size.</summary>
public sealed class S3BlobStoreContractTests(S3rverServer server) : BlobStoreContract, IClassFixture<S3rverServer>, IDisposable
{
    private S3BlobStore? _store;

    protected override async Task<IBlobStore> CreateStoreAsync()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        _store = S3BlobStore.Create(await server.CreateBucketAsync());
        return _store;
    }

    protected override async Task<int> CountLeftoversAsync(IBlobStore store)
    {
        var s3 = (S3BlobStore)store;
        var objects = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.Options.Bucket, Prefix = "tmp/" });
        return (objects.S3Objects?.Count ?? 0) + await CountUploadsAsync(s3);
    }

    private static async Task<int> CountUploadsAsync(S3BlobStore s3)
    {
        try
        {
            var uploads = await s3.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = s3.Options.Bucket });
            return uploads.MultipartUploads?.Count ?? 0;
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.ErrorCode == "NotImplemented")
        {
            // s3rver neither lists nor aborts multipart uploads: unfinished ones cannot be seen there.
            return 0;
        }
    }

    public void Dispose() => _store?.Dispose();
}
