using System.Formats.Tar;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Terraform;

/// <summary>Every refused publish answers a clear 400 or 413 in GitLab's shape and leaves no row, no blob and no temporary file.</summary>
public sealed class TerraformBadInputTests : IDisposable
{
    private readonly TerraformHostFactory _host = new(new Dictionary<string, string?>
    {
        ["PackageRegistry:Terraform:MaxFileSizeBytes"] = "4096",
        ["PackageRegistry:Terraform:MaxUncompressedBytes"] = "8192",
    });

    private readonly HttpClient _client;

    public TerraformBadInputTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    public static TheoryData<string, string, string, string> BadCoordinates => new()
    {
        { "VPC", "aws", "1.0.0", "module_name is invalid" },
        { "my_vpc", "aws", "1.0.0", "module_name is invalid" },
        { "vpc", "a.ws", "1.0.0", "module_system is invalid" },
        { "vpc", "aws", "1.0", "module_version is invalid" },
        { "vpc", "aws", "v1.0.0", "module_version is invalid" },
        { "vpc", "aws", "1.0.0-%2e%2e", "module_version is invalid" },
    };

    [Theory]
    [MemberData(nameof(BadCoordinates))]
    public async Task Bad_coordinates_are_refused_before_anything_is_read(string name, string system, string version, string error)
    {
        var put = await _client.PutBytesAsync($"{TerraformHostFactory.Demo}/{name}/{system}/{version}/file", TerraformArchiveBuilder.Module(), SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).Should().Contain("400 Bad request - " + error);
        await AssertNothingStoredAsync();
    }

    public static TheoryData<string, byte[], string> BadArchives => new()
    {
        { "not gzip", "a zip, a jar or a text file"u8.ToArray(), "not a gzip-compressed tar archive" },
        { "uncompressed tar", TerraformArchiveBuilder.Tar(TerraformArchiveBuilder.File("main.tf", "x")), "not a gzip-compressed tar archive" },
        { "traversal", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.File("main.tf", "x"), TerraformArchiveBuilder.File("../../evil.tf", "x")), "'../../evil.tf' would be written outside the module directory" },
        { "absolute", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.File("/root/.ssh/authorized_keys", "x")), "outside the module directory" },
        { "symlink out", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.Link(TarEntryType.SymbolicLink, "keys", "/root/.ssh")), "links outside the module directory" },
        { "empty file", [], "File is empty" },
    };

    [Theory]
    [MemberData(nameof(BadArchives))]
    public async Task Bad_archives_are_refused_with_400_naming_the_problem(string kind, byte[] archive, string error)
    {
        var put = await TerraformHostFactory.PublishAsync(_client, "demo/app", "vpc", "aws", "1.0.0", archive);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest, kind);
        (await put.Content.ReadAsStringAsync()).Should().Contain(error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_archive_over_the_size_limit_is_refused_with_413()
    {
        var put = await TerraformHostFactory.PublishAsync(_client, "demo/app", "vpc", "aws", "1.0.0", new byte[4097]);

        put.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_chunked_archive_over_the_size_limit_is_refused_with_413_while_streaming()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{TerraformHostFactory.Demo}/vpc/aws/1.0.0/file") { Content = new ChunkedContent(new byte[10_000]) }
            .WithToken(SampleHostFactory.AdminToken);

        var put = await _client.SendAsync(request);

        put.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_archive_that_unpacks_past_the_limit_is_refused_with_413()
    {
        // Zeros compress to almost nothing: a few hundred bytes on the wire, 9000 once unpacked.
        var bomb = TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.File("main.tf", new string('\0', 9000)));
        bomb.Length.Should().BeLessThan(4096);

        var put = await TerraformHostFactory.PublishAsync(_client, "demo/app", "vpc", "aws", "1.0.0", bomb);

        put.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await put.Content.ReadAsStringAsync()).Should().Contain("unpacks to more than 8192 bytes");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Publishing_needs_the_developer_role()
    {
        var (_, token) = await _host.CreateUserAsync("outsider");

        var put = await TerraformHostFactory.PublishAsync(_client, "demo/app", "vpc", "aws", "1.0.0", TerraformArchiveBuilder.Module(), token);

        put.StatusCode.Should().Be(HttpStatusCode.NotFound, "a private project the caller cannot see");
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        _host.StoredFiles().Should().BeEmpty("a refused upload must leave no blob and no temporary file");
        var demo = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", default);
        var page = await _host.Services.GetRequiredService<IPackageStore>().QueryAsync(new PackageQuery { ProjectIds = [demo!.Id] }, default);
        page.Total.Should().Be(0, "a refused upload must leave no package row");
    }

    /// <summary>A body sent without <c>Content-Length</c> (chunked), so the limit can only be found while streaming.</summary>
    private sealed class ChunkedContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
