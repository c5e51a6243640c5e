using System.Net;
using System.Security.Cryptography;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Generic;

/// <summary>
/// Downloads offloaded to the front proxy (<c>PackageRegistry:Downloads:Offload</c>, issue 19): the host authorizes and
/// answers with the proxy's header and no body; nginx itself is driven in the end-to-end NginxOffloadTests.
/// </summary>
public sealed class DownloadOffloadTests
{
    private const string File = "/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/tool.bin";

    [Fact]
    public async Task X_accel_redirect_names_the_blob_under_the_internal_prefix_and_sends_no_bytes()
    {
        using var host = Host("XAccelRedirect", root: null, prefix: "/internal/blobs/");
        using var client = host.CreateClient();
        var sha256 = await PublishAsync(client);

        using var response = await client.GetAsync(File, SampleHostFactory.AdminToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("X-Accel-Redirect").Should().Equal($"/internal/blobs/sha256/{sha256[..2]}/{sha256[2..4]}/{sha256}");
        response.Headers.ETag?.Tag.Should().Be($"\"{sha256}\"");
        response.Headers.GetValues("X-Checksum-SHA256").Should().Equal(sha256);
        response.Content.Headers.ContentDisposition?.FileName.Should().Contain("tool.bin");
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task X_sendfile_names_the_blobs_absolute_path()
    {
        using var host = Host("XSendfile", root: null, prefix: null);
        using var client = host.CreateClient();
        var sha256 = await PublishAsync(client);

        using var response = await client.GetAsync(File, SampleHostFactory.AdminToken);

        response.Headers.GetValues("X-Sendfile").Should().Equal(Path.Combine(host.BlobRoot, "sha256", sha256[..2], sha256[2..4], sha256));
        (await response.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_download_gets_no_offload_header()
    {
        using var host = Host("XAccelRedirect", root: null, prefix: null);
        using var client = host.CreateClient();
        await PublishAsync(client);

        using var response = await client.GetAsync(File);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Headers.Contains("X-Accel-Redirect").Should().BeFalse();
    }

    [Fact]
    public async Task A_blob_outside_the_configured_root_is_sent_by_the_host()
    {
        using var host = new SampleHostFactory(new Dictionary<string, string?>
        {
            ["PackageRegistry:Downloads:Offload:Mode"] = "XAccelRedirect",
            ["PackageRegistry:Downloads:Offload:Root"] = Path.Combine(Path.GetTempPath(), "elsewhere-" + Guid.NewGuid().ToString("N")),
            ["PackageRegistry:FileMemoryCacheBytes"] = "0",
        });
        using var client = host.CreateClient();
        var bytes = RandomNumberGenerator.GetBytes(10_000);
        (await client.PutBytesAsync(File, bytes, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var response = await client.GetAsync(File, SampleHostFactory.AdminToken);

        response.Headers.Contains("X-Accel-Redirect").Should().BeFalse();
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
    }

    [Theory]
    [InlineData("XAccelRedirect", null, "/_registry_blobs/", "Root must be the blob directory")]
    [InlineData("XAccelRedirect", "relative/blobs", "/_registry_blobs/", "Root must be the blob directory")]
    [InlineData("XAccelRedirect", "/srv/blobs", "no-slashes", "InternalPrefix must start and end with '/'")]
    [InlineData("Sendfile", null, null, "'Sendfile' at 'PackageRegistry:Downloads:Offload:Mode'")]
    [InlineData("7", null, null, "Mode must be None, XAccelRedirect or XSendfile")]
    public void A_host_with_an_unusable_offload_setting_stops_at_start_naming_the_key(string mode, string? root, string? prefix, string message)
    {
        var settings = new Dictionary<string, string?> { ["PackageRegistry:Downloads:Offload:Mode"] = mode, ["PackageRegistry:Downloads:Offload:Root"] = root };
        if (prefix is not null)
        {
            settings["PackageRegistry:Downloads:Offload:InternalPrefix"] = prefix;
        }

        using var host = new SampleHostFactory(settings);

        host.Invoking(h => h.CreateClient()).Should().Throw<Exception>().Where(e => e.ToString().Contains(message, StringComparison.Ordinal));
    }

    private static OffloadHost Host(string mode, string? root, string? prefix) => new(mode, root, prefix);

    private static async Task<string> PublishAsync(HttpClient client)
    {
        var bytes = RandomNumberGenerator.GetBytes(10_000);
        using var put = await client.PutBytesAsync(File, bytes, SampleHostFactory.AdminToken);
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>A sample host whose offload root is its own blob directory (or another), removed on dispose.</summary>
    private sealed class OffloadHost : IDisposable
    {
        private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "registry-tests-" + Guid.NewGuid().ToString("N"));
        private readonly SampleHostFactory _factory;

        public OffloadHost(string mode, string? root, string? prefix)
        {
            var settings = new Dictionary<string, string?>
            {
                ["PackageRegistry:FileMemoryCacheBytes"] = "0",
                ["PackageRegistry:Downloads:Offload:Mode"] = mode,
                ["PackageRegistry:Downloads:Offload:Root"] = root ?? Path.Combine(_dataPath, "blobs"),
            };
            if (prefix is not null)
            {
                settings["PackageRegistry:Downloads:Offload:InternalPrefix"] = prefix;
            }

            _factory = new SampleHostFactory(settings, _dataPath);
        }

        public string BlobRoot => _factory.BlobRoot;

        public HttpClient CreateClient() => _factory.CreateClient();

        public void Dispose()
        {
            _factory.Dispose();
            if (Directory.Exists(_dataPath))
            {
                Directory.Delete(_dataPath, recursive: true);
            }
        }
    }
}
