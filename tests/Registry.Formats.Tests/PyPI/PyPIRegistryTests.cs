using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Registry.Core.Directory;

namespace Registry.Formats.Tests.PyPI;

/// <summary>The upload and simple API in-process: pages in both forms, metadata files, redirects, caching, duplicates and authentication.</summary>
public sealed class PyPIRegistryTests : IDisposable
{
    private const string Json = "application/vnd.pypi.simple.v1+json";
    private const string PipAccept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";
    private readonly PyPIHostFactory _host = new();
    private readonly HttpClient _client;

    public PyPIRegistryTests() => _client = _host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private async Task<byte[]> UploadWheelAsync(string name = "My_Pkg", string version = "1.0.0", string? requiresPython = ">=3.8")
    {
        var wheel = PyPIHostFactory.Wheel(name, version, PyPIHostFactory.Metadata(name, version, requiresPython));
        var upload = await _client.SendAsync(PyPIHostFactory.Upload(wheel, $"{name.Replace('-', '_')}-{version}-py3-none-any.whl", name, version, f => f["requires_python"] = requiresPython ?? string.Empty));
        upload.StatusCode.Should().Be(HttpStatusCode.Created, await upload.Content.ReadAsStringAsync());
        return wheel;
    }

    [Fact]
    public async Task An_uploaded_wheel_is_listed_in_json_with_its_metadata_file()
    {
        var wheel = await UploadWheelAsync();

        var page = await _client.SendAsync(PyPIHostFactory.Read("simple/my-pkg/", accept: PipAccept));

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be(Json);
        var document = JsonNode.Parse(await page.Content.ReadAsStringAsync())!;
        document["meta"]!["api-version"]!.GetValue<string>().Should().Be("1.1");
        document["name"]!.GetValue<string>().Should().Be("My_Pkg");
        document["versions"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("1.0.0");
        var file = document["files"]!.AsArray().Should().ContainSingle().Subject!;
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(wheel));
        file["filename"]!.GetValue<string>().Should().Be("My_Pkg-1.0.0-py3-none-any.whl");
        file["hashes"]!["sha256"]!.GetValue<string>().Should().Be(sha256);
        file["size"]!.GetValue<long>().Should().Be(wheel.Length);
        file["requires-python"]!.GetValue<string>().Should().Be(">=3.8");

        var url = new Uri(new Uri("http://localhost" + PyPIHostFactory.Base + "/simple/my-pkg/"), file["url"]!.GetValue<string>()).AbsolutePath;
        var download = await _client.SendAsync(PyPIHostFactory.Read(url));
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(wheel);

        var metadata = await _client.SendAsync(PyPIHostFactory.Read(url + ".metadata"));
        var metadataBytes = await metadata.Content.ReadAsByteArrayAsync();
        Encoding.UTF8.GetString(metadataBytes).Should().Be(PyPIHostFactory.Metadata("My_Pkg", "1.0.0"));
        file["core-metadata"]!["sha256"]!.GetValue<string>().Should().Be(Convert.ToHexStringLower(SHA256.HashData(metadataBytes)));
        file["dist-info-metadata"]!["sha256"]!.GetValue<string>().Should().Be(Convert.ToHexStringLower(SHA256.HashData(metadataBytes)));
    }

    [Fact]
    public async Task The_html_page_carries_hash_fragments_escaped_requires_python_and_metadata_attributes()
    {
        var wheel = await UploadWheelAsync(requiresPython: ">=3.8,<4");
        var sdist = PyPIHostFactory.Sdist("My_Pkg", "1.0.0", PyPIHostFactory.Metadata("My_Pkg", "1.0.0", null));
        (await _client.SendAsync(PyPIHostFactory.Upload(sdist, "My_Pkg-1.0.0.tar.gz", "My_Pkg", "1.0.0", f => f.Remove("requires_python")))).StatusCode.Should().Be(HttpStatusCode.Created);

        var page = await _client.SendAsync(PyPIHostFactory.Read("simple/my-pkg/"));

        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.Should().Contain($"My_Pkg-1.0.0-py3-none-any.whl#sha256={Convert.ToHexStringLower(SHA256.HashData(wheel))}\"")
            .And.Contain("data-requires-python=\"&gt;=3.8,&lt;4\"")
            .And.Contain("data-core-metadata=\"sha256=").And.Contain("data-dist-info-metadata=\"sha256=")
            .And.Contain($"My_Pkg-1.0.0.tar.gz#sha256={Convert.ToHexStringLower(SHA256.HashData(sdist))}\">My_Pkg-1.0.0.tar.gz</a>");
        html.Should().NotContain(".whl.metadata<", "the metadata file is not a distribution of its own");

        var index = await _client.SendAsync(PyPIHostFactory.Read("simple/"));
        (await index.Content.ReadAsStringAsync()).Should().Contain("<a href=\"my-pkg/\">My_Pkg</a>");
        var jsonIndex = JsonNode.Parse(await (await _client.SendAsync(PyPIHostFactory.Read("simple/", accept: Json))).Content.ReadAsStringAsync())!;
        jsonIndex["projects"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Should().Equal("My_Pkg");
    }

    [Fact]
    public async Task Non_normalized_names_redirect_and_unknown_ones_answer_404()
    {
        await UploadWheelAsync();

        var redirect = await _client.SendAsync(PyPIHostFactory.Read("simple/My.Pkg/"));
        redirect.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        redirect.Headers.Location!.OriginalString.Should().Be(PyPIHostFactory.Base + "/simple/my-pkg/");

        var missing = await _client.SendAsync(PyPIHostFactory.Read("simple/nothing-here/"));
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_answer_304_to_their_etag_and_406_to_an_unsupported_accept()
    {
        await UploadWheelAsync();
        var first = await _client.SendAsync(PyPIHostFactory.Read("simple/my-pkg/", accept: Json));
        var etag = first.Headers.ETag!.Tag;
        first.Headers.Vary.Should().Contain("Accept");

        var again = PyPIHostFactory.Read("simple/my-pkg/", accept: Json);
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        (await _client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);

        var html = await _client.SendAsync(PyPIHostFactory.Read("simple/my-pkg/", accept: "text/html"));
        html.Headers.ETag!.Tag.Should().NotBe(etag, "each representation has its own tag");

        (await _client.SendAsync(PyPIHostFactory.Read("simple/my-pkg/", accept: "application/xml"))).StatusCode.Should().Be(HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task A_second_upload_of_a_file_answers_400_already_exists_and_other_files_of_the_release_are_accepted()
    {
        var wheel = await UploadWheelAsync();

        var again = await _client.SendAsync(PyPIHostFactory.Upload(wheel, "My_Pkg-1.0.0-py3-none-any.whl", "My_Pkg", "1.0.0"));
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync()).Should().Contain("already exist");

        var sdist = PyPIHostFactory.Sdist("My_Pkg", "1.0.0");
        (await _client.SendAsync(PyPIHostFactory.Upload(sdist, "my_pkg-1.0.0.tar.gz", "my-pkg", "1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Duplicates_follow_the_group_setting_and_its_exception_pattern()
    {
        var settings = new HttpRequestMessage(HttpMethod.Put, "/api/v4/groups/demo/packages/settings")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { pypi_duplicates_allowed = false, pypi_duplicate_exception_regex = @".*\.dev[0-9]+" }),
        };
        settings.Headers.Add("PRIVATE-TOKEN", PyPIHostFactory.AdminToken);
        (await _client.SendAsync(settings)).StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var (version, expected) in new[] { ("1.0.0.dev1", HttpStatusCode.Created), ("1.0.0", HttpStatusCode.BadRequest) })
        {
            var wheel = PyPIHostFactory.Wheel("dup", version);
            (await _client.SendAsync(PyPIHostFactory.Upload(wheel, $"dup-{version}-py3-none-any.whl", "dup", version))).StatusCode.Should().Be(HttpStatusCode.Created);
            (await _client.SendAsync(PyPIHostFactory.Upload(wheel, $"dup-{version}-py3-none-any.whl", "dup", version))).StatusCode.Should().Be(expected, version);
        }
    }

    [Fact]
    public async Task A_private_project_challenges_anonymous_readers_and_a_public_one_serves_them()
    {
        await UploadWheelAsync();

        var anonymous = await _client.SendAsync(PyPIHostFactory.Read("simple/my-pkg/", token: null));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Basic");
        (await _client.SendAsync(PyPIHostFactory.Upload(PyPIHostFactory.Wheel("anon", "1.0"), "anon-1.0-py3-none-any.whl", "anon", "1.0", token: null))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var open = await _host.CreateProjectAsync("opengroup", "lib", ProjectVisibility.Public);
        var wheel = PyPIHostFactory.Wheel("open-pkg", "2.0");
        (await _client.SendAsync(PyPIHostFactory.Upload(wheel, "open_pkg-2.0-py3-none-any.whl", "open-pkg", "2.0", path: $"/api/v4/projects/{open.Id}/packages/pypi"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var page = await _client.SendAsync(PyPIHostFactory.Read($"/api/v4/projects/{open.Id}/packages/pypi/simple/open-pkg/", token: null));
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        var group = await _client.SendAsync(PyPIHostFactory.Read("/api/v4/groups/opengroup/-/packages/pypi/simple/open-pkg/", token: null, accept: Json));
        var file = JsonNode.Parse(await group.Content.ReadAsStringAsync())!["files"]![0]!;
        var url = new Uri(new Uri("http://localhost/api/v4/groups/opengroup/-/packages/pypi/simple/open-pkg/"), file["url"]!.GetValue<string>()).AbsolutePath;
        (await (await _client.SendAsync(PyPIHostFactory.Read(url, token: null))).Content.ReadAsByteArrayAsync()).Should().Equal(wheel);
        (await _client.SendAsync(PyPIHostFactory.Upload(wheel, "open_pkg-2.0-py3-none-any.whl", "open-pkg", "2.0", token: null, path: $"/api/v4/projects/{open.Id}/packages/pypi"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_group_page_merges_the_projects_the_caller_may_read()
    {
        await UploadWheelAsync(version: "1.0.0");
        var other = await _host.Directory.TryCreateProjectAsync("other", "other", 1, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, CancellationToken.None);
        var wheel = PyPIHostFactory.Wheel("My_Pkg", "2.0.0");
        (await _client.SendAsync(PyPIHostFactory.Upload(wheel, "my_pkg-2.0.0-py3-none-any.whl", "My_Pkg", "2.0.0", path: $"/api/v4/projects/{other!.Id}/packages/pypi/"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var page = JsonNode.Parse(await (await _client.SendAsync(PyPIHostFactory.Read("/api/v4/groups/demo/-/packages/pypi/simple/my-pkg/", accept: Json))).Content.ReadAsStringAsync())!;

        page["versions"]!.AsArray().Select(v => v!.GetValue<string>()).Should().BeEquivalentTo("1.0.0", "2.0.0");
        (await _client.SendAsync(PyPIHostFactory.Read("/api/v4/groups/demo/-/packages/pypi/simple/my-pkg/", token: null))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
