using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Storage.S3;
using Registry.Storage.Tests.FileSystem;
using Registry.Tests.S3rver;

namespace Registry.Storage.Tests.S3;

/// <summary>
/// Issue 16, defect 4: s3rver keeps the <c>aws-chunked</c> framing of a body sent with chunk encoding, so the object
/// holds more bytes than were written. The store must never take such an object for the blob.
/// </summary>
public sealed class S3ChunkFramingTests(S3rverServer server) : IClassFixture<S3rverServer>
{
    [SkippableTheory]
    [InlineData(70_000)]
    [InlineData(6 * 1024 * 1024)]
    public async Task A_commit_to_a_store_that_keeps_the_framing_fails_naming_the_setting_and_leaves_no_blob(int size)
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        using var store = S3BlobStore.Create(await server.CreateBucketAsync(o => o.UseChunkEncoding = true));
        var content = GeneratedStream.Bytes(size, seed: 7);
        var key = Convert.ToHexStringLower(SHA256.HashData(content));

        var commit = async () =>
        {
            await using var writer = await store.CreateWriterAsync(CancellationToken.None);
            await writer.Content.WriteAsync(content);
            await writer.CommitAsync(key, CancellationToken.None);
        };

        (await commit.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("PackageRegistry:Blobs:S3:UseChunkEncoding=false");
        (await store.ExistsAsync(key, CancellationToken.None)).Should().BeFalse("an object that does not hold the bytes must not stand for them");
    }

    [SkippableFact]
    public async Task The_default_settings_store_the_exact_bytes_in_s3rver()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var options = await server.CreateBucketAsync();
        var defaults = new S3BlobOptions();
        options.UseChunkEncoding = defaults.UseChunkEncoding;
        using var store = S3BlobStore.Create(options);
        var content = GeneratedStream.Bytes(70_000, seed: 8);
        var key = Convert.ToHexStringLower(SHA256.HashData(content));
        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(content);
            await writer.CommitAsync(key, CancellationToken.None);
        }

        await using var read = await store.OpenReadOrNullAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await read!.CopyToAsync(copy);
        copy.ToArray().Should().Equal(content);
    }

    [SkippableFact]
    public async Task A_host_on_a_store_that_keeps_the_framing_refuses_to_start_naming_the_setting()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var options = await server.CreateBucketAsync();
        var settings = S3rverServer.Settings(options);
        settings["PackageRegistry:Blobs:S3:UseChunkEncoding"] = "true";
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddPackageRegistry().UseInMemorySqlite().UseS3Blobs();
        await using var provider = services.BuildServiceProvider();

        var start = async () =>
        {
            foreach (var hosted in provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        };

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("PackageRegistry:Blobs:S3:UseChunkEncoding=false");
    }
}
