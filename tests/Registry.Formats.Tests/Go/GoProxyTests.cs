using System.IO.Compression;
using System.Net;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Go;

/// <summary>The GOPROXY protocol over HTTP: upload, list, info, mod, zip, latest, case encoding, caching, errors and the packages API.</summary>
public sealed class GoProxyTests : IDisposable
{
    private const string Mixed = "example.com/Demo/Lib";
    private const string MixedEscaped = "example.com/!demo/!lib";
    private readonly GoHostFactory _host = new();
    private readonly HttpClient _client;

    public GoProxyTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task An_uploaded_module_is_served_at_every_proxy_path_with_the_upload_s_bytes()
    {
        var zip = GoHostFactory.ModuleZip(Mixed, "v1.0.0");
        using (var upload = await _client.SendAsync(GoHostFactory.Put(zip)))
        {
            upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
            (await upload.Content.ReadAsStringAsync()).Should().Be("201 Created - example.com/Demo/Lib@v1.0.0\n");
        }

        var list = await GetAsync($"{MixedEscaped}/@v/list");
        list.Body.Should().Be("v1.0.0\n");
        list.ContentType.Should().Be("text/plain; charset=utf-8");

        var info = await GetAsync($"{MixedEscaped}/@v/v1.0.0.info");
        info.ContentType.Should().Be("application/json");
        using (var document = JsonDocument.Parse(info.Body))
        {
            document.RootElement.GetProperty("Version").GetString().Should().Be("v1.0.0");
            DateTimeOffset.Parse(document.RootElement.GetProperty("Time").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Should().BeAfter(DateTimeOffset.UnixEpoch);
        }

        var mod = await GetAsync($"{MixedEscaped}/@v/v1.0.0.mod");
        mod.Body.Should().Be(GoHostFactory.GoMod(Mixed));
        mod.ContentType.Should().Be("text/plain; charset=utf-8");

        using var download = await _client.SendAsync(GoHostFactory.Get($"{MixedEscaped}/@v/v1.0.0.zip"));
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        download.Content.Headers.ContentDisposition!.FileName.Should().Be("v1.0.0.zip");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(zip);

        (await GetAsync($"{MixedEscaped}/@latest")).Body.Should().Be(info.Body);
    }

    [Fact]
    public async Task Go_s_percent_encoded_bang_is_decoded_before_the_case_encoding()
    {
        await PublishAsync(Mixed, "v1.0.0");

        (await GetAsync("example.com/%21demo/%21lib/@v/list")).Body.Should().Be("v1.0.0\n");
        (await GetAsync("example.com/%21demo/%21lib/@v/v1.0.0.info")).Status.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("example.com/Demo/Lib/@v/list")]
    [InlineData("example.com/demo/lib/@v/list")]
    [InlineData("example.com/@v/list")]
    [InlineData("example.com/!demo/@v/list")]
    [InlineData("example.com/!demo/!lib/@v/v1.0.1.info")]
    [InlineData("example.com/!demo/!lib/@v/v1.0.1.mod")]
    [InlineData("example.com/!demo/!lib/@v/v1.0.1.zip")]
    [InlineData("example.com/!demo/!lib/@v/v1.0.info")]
    [InlineData("example.com/!demo/!lib/@v/master.info")]
    [InlineData("example.com/!demo/!lib/@v/v1.0.0.txt")]
    [InlineData("example.com/!demo/!lib")]
    [InlineData("example.com/!Demo/@v/list")]
    [InlineData("example.com/!demo/!lib/@v/")]
    public async Task Unknown_modules_versions_prefixes_and_malformed_paths_answer_404_in_plain_text(string path)
    {
        await PublishAsync(Mixed, "v1.0.0");

        var answer = await GetAsync(path);

        answer.Status.Should().Be(HttpStatusCode.NotFound);
        answer.ContentType.Should().Be("text/plain; charset=utf-8");
        answer.Body.Should().Be("404 Not Found\n");
    }

    [Fact]
    public async Task Versions_list_in_semver_order_and_latest_prefers_the_highest_release()
    {
        foreach (var version in new[] { "v1.10.0", "v1.9.0", "v1.11.0-rc.1", "v1.2.0" })
        {
            await PublishAsync("example.com/ordered", version);
        }

        (await GetAsync("example.com/ordered/@v/list")).Body.Should().Be("v1.2.0\nv1.9.0\nv1.10.0\nv1.11.0-rc.1\n");
        (await GetAsync("example.com/ordered/@latest")).Body.Should().Contain("\"Version\":\"v1.10.0\"");
    }

    [Fact]
    public async Task Latest_falls_back_to_the_highest_prerelease()
    {
        await PublishAsync("example.com/pre", "v0.1.0-alpha.2");
        await PublishAsync("example.com/pre", "v0.1.0-alpha.10");

        (await GetAsync("example.com/pre/@latest")).Body.Should().Contain("\"Version\":\"v0.1.0-alpha.10\"");
    }

    [Fact]
    public async Task A_major_version_module_is_published_under_its_v2_path()
    {
        await PublishAsync("example.com/lib/v2", "v2.3.0");

        (await GetAsync("example.com/lib/v2/@v/list")).Body.Should().Be("v2.3.0\n");
        (await GetAsync("example.com/lib/@v/list")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_published_version_is_immutable_409_and_the_served_bytes_stay_the_first_upload_s()
    {
        var first = GoHostFactory.ModuleZip("example.com/fixed", "v1.0.0");
        await PublishAsync("example.com/fixed", "v1.0.0", first);

        var other = GoHostFactory.ModuleZip("example.com/fixed", "v1.0.0", null, ("example.com/fixed@v1.0.0/extra.go", "package lib\n"));
        using var again = await _client.SendAsync(GoHostFactory.Put(other));

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).Should().Contain("example.com/fixed@v1.0.0 exists");
        using var download = await _client.SendAsync(GoHostFactory.Get("example.com/fixed/@v/v1.0.0.zip"));
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(first);
        (await _host.PackageCountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Documents_answer_head_and_304_for_their_etag()
    {
        await PublishAsync(Mixed, "v1.0.0");
        foreach (var path in new[] { "@v/list", "@v/v1.0.0.info", "@v/v1.0.0.mod", "@latest" })
        {
            using var get = await _client.SendAsync(GoHostFactory.Get($"{MixedEscaped}/{path}"));
            var etag = get.Headers.ETag;
            etag.Should().NotBeNull(path);

            using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{GoHostFactory.Base}/{MixedEscaped}/{path}").WithToken(GoHostFactory.AdminToken));
            head.StatusCode.Should().Be(HttpStatusCode.OK, path);

            using var revalidate = GoHostFactory.Get($"{MixedEscaped}/{path}");
            revalidate.Headers.IfNoneMatch.Add(etag!);
            using var notModified = await _client.SendAsync(revalidate);
            notModified.StatusCode.Should().Be(HttpStatusCode.NotModified, path);
        }
    }

    [Fact]
    public async Task The_list_changes_with_a_new_version()
    {
        await PublishAsync("example.com/grow", "v1.0.0");
        (await GetAsync("example.com/grow/@v/list")).Body.Should().Be("v1.0.0\n");

        await PublishAsync("example.com/grow", "v1.1.0");

        (await GetAsync("example.com/grow/@v/list")).Body.Should().Be("v1.0.0\nv1.1.0\n");
    }

    [Fact]
    public async Task Anonymous_reads_of_a_private_project_are_challenged_with_401()
    {
        await PublishAsync(Mixed, "v1.0.0");

        using var answer = await _client.SendAsync(GoHostFactory.Get($"{MixedEscaped}/@v/list", token: null));

        answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        answer.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Basic");
    }

    [Fact]
    public async Task Anonymous_reads_of_a_public_project_are_served()
    {
        var project = await _host.CreateProjectAsync("open", "lib", ProjectVisibility.Public);
        var path = $"/api/v4/projects/{project.Id}/packages/go";
        using (var upload = await _client.SendAsync(GoHostFactory.Put(GoHostFactory.ModuleZip("example.com/open", "v0.1.0"), path: path + "/upload")))
        {
            upload.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var list = await _client.SendAsync(GoHostFactory.Get(path + "/example.com/open/@v/list", token: null));
        (await list.Content.ReadAsStringAsync()).Should().Be("v0.1.0\n");
        using var zip = await _client.SendAsync(GoHostFactory.Get(path + "/example.com/open/@v/v0.1.0.zip", token: null));
        zip.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_packages_api_lists_golang_modules_and_deleting_one_removes_it_from_the_proxy()
    {
        await PublishAsync(Mixed, "v1.0.0");
        await PublishAsync(Mixed, "v1.1.0");

        using var listed = await _client.SendAsync(GoHostFactory.Get("/api/v4/projects/demo%2Fapp/packages?package_type=golang"));
        var packages = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        packages.Select(p => (p.GetProperty("name").GetString(), p.GetProperty("version").GetString(), p.GetProperty("package_type").GetString()))
            .Should().BeEquivalentTo(new[] { (Mixed, "v1.0.0", "golang"), (Mixed, "v1.1.0", "golang") });

        var newest = packages.Single(p => p.GetProperty("version").GetString() == "v1.1.0").GetProperty("id").GetInt64();
        using (var delete = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v4/projects/demo%2Fapp/packages/{newest}").WithToken(GoHostFactory.AdminToken)))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        (await GetAsync($"{MixedEscaped}/@v/list")).Body.Should().Be("v1.0.0\n");
        (await GetAsync($"{MixedEscaped}/@v/v1.1.0.zip")).Status.Should().Be(HttpStatusCode.NotFound);
        (await GetAsync($"{MixedEscaped}/@latest")).Body.Should().Contain("v1.0.0");
    }

    [Fact]
    public async Task The_package_page_shows_go_snippets()
    {
        await PublishAsync(Mixed, "v1.0.0");
        using var listed = await _client.SendAsync(GoHostFactory.Get("/api/v4/projects/demo%2Fapp/packages?package_type=golang"));
        var id = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement[0].GetProperty("id").GetInt64();

        using var details = await _client.SendAsync(GoHostFactory.Get($"/api/v4/projects/demo%2Fapp/packages/{id}/details"));

        var body = await details.Content.ReadAsStringAsync();
        body.Should().Contain("go get example.com/Demo/Lib@v1.0.0").And.Contain("GONOSUMDB=example.com/Demo/Lib");
    }

    [Fact]
    public async Task The_mod_file_is_the_go_mod_inside_the_zip_byte_for_byte()
    {
        const string GoMod = "// A comment go keeps.\nmodule example.com/commented // trailing\n\ngo 1.19\n\nrequire example.com/other v1.2.3\n";
        var zip = GoHostFactory.ModuleZip("example.com/commented", "v1.0.0", GoMod);
        await PublishAsync("example.com/commented", "v1.0.0", zip);

        (await GetAsync("example.com/commented/@v/v1.0.0.mod")).Body.Should().Be(GoMod);
        using var archive = new ZipArchive(new MemoryStream(zip));
        using var reader = new StreamReader(archive.GetEntry("example.com/commented@v1.0.0/go.mod")!.Open());
        (await reader.ReadToEndAsync()).Should().Be(GoMod);
    }

    private async Task PublishAsync(string module, string version, byte[]? zip = null)
    {
        using var upload = await _client.SendAsync(GoHostFactory.Put(zip ?? GoHostFactory.ModuleZip(module, version)));
        upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, string Body, string? ContentType)> GetAsync(string path)
    {
        using var response = await _client.SendAsync(GoHostFactory.Get(path));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.ToString());
    }
}
