using System.Security.Cryptography;
using Registry.Storage.S3;
using Registry.Storage.Tests.FileSystem;
using Registry.Tests.S3rver;

namespace Registry.Storage.Tests.S3;

/// <summary>What only the S3 store does: presigned download URLs.</summary>
public sealed class S3BlobStoreTests(S3rverServer server) : IClassFixture<S3rverServer>
{
    [SkippableFact]
    public async Task A_presigned_url_serves_the_bytes_without_credentials_under_the_file_name()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        using var store = S3BlobStore.Create(await server.CreateBucketAsync(o => o.ProxyDownload = false));
        var content = GeneratedStream.Bytes(70_000, seed: 5);
        var key = Convert.ToHexStringLower(SHA256.HashData(content));
        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(content);
            await writer.CommitAsync(key, CancellationToken.None);
        }

        var url = await store.GetDownloadUrlOrNullAsync(key, "my package.tgz", CancellationToken.None);

        url.Should().NotBeNull();
        using var http = new HttpClient();
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(content);
        response.Content.Headers.ContentDisposition?.ToString().Should().Contain("my%20package.tgz");
    }

    [SkippableFact]
    public async Task Proxied_downloads_get_no_url()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        using var store = S3BlobStore.Create(await server.CreateBucketAsync());

        (await store.GetDownloadUrlOrNullAsync(new string('a', 64), "x", CancellationToken.None)).Should().BeNull();
    }
}
