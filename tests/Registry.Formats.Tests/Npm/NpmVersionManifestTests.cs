using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>
/// <c>GET /{name}/{versionOrTag}</c>, the version manifest the public registry serves (pnpm and <c>npm view name@v</c>
/// clients may resolve with it), at every level the packument is served; and the routes it sits beside still match.
/// </summary>
public sealed class NpmVersionManifestTests : IDisposable
{
    private const string Registry = "/api/v4/projects/demo%2Fapp/packages/npm";
    private const string Group = "/api/v4/groups/demo/-/packages/npm";
    private const string Instance = "/api/v4/packages/npm";
    private readonly NpmHostFactory _host = new();
    private readonly HttpClient _client;

    public NpmVersionManifestTests()
    {
        _client = _host.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NpmHostFactory.AdminToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private async Task PublishAsync(string name, string version, string tag = "latest")
    {
        var body = new StringContent(NpmPackages.PublishDocument(name, version, tag: tag).ToJsonString(), Encoding.UTF8, "application/json");
        var put = await _client.PutAsync(Registry + "/" + name.Replace("/", "%2f", StringComparison.Ordinal), body);
        put.IsSuccessStatusCode.Should().BeTrue(await put.Content.ReadAsStringAsync());
    }

    private async Task<string> GetOkAsync(string path)
    {
        var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{path}: {body}");
        return body;
    }

    private async Task AssertNotFoundAsync(string path)
    {
        var response = await _client.GetAsync(path);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        (await response.Content.ReadAsStringAsync()).Should().Be("{\"error\":\"Not found\"}", path);
    }

    [Theory]
    [InlineData("plain-ver", "/plain-ver")]
    [InlineData("@demo/ver", "/@demo%2fver")]
    [InlineData("@demo/ver", "/@demo/ver")]
    public async Task A_version_or_a_dist_tag_answers_the_packuments_version_object(string name, string path)
    {
        await PublishAsync(name, "1.0.0");
        await PublishAsync(name, "2.0.0-beta.1", tag: "beta");
        var packument = JsonNode.Parse(await GetOkAsync(Registry + path + "?write=true"))!;

        foreach (var (request, version) in new[] { ("1.0.0", "1.0.0"), ("latest", "1.0.0"), ("beta", "2.0.0-beta.1"), ("2.0.0-beta.1", "2.0.0-beta.1") })
        {
            var manifest = JsonNode.Parse(await GetOkAsync($"{Registry}{path}/{request}"))!;
            JsonNode.DeepEquals(manifest, packument["versions"]![version]).Should().BeTrue($"{request}: {manifest.ToJsonString()}");
            manifest["dist"]!["tarball"]!.GetValue<string>().Should().StartWith($"http://localhost{Registry}/{name}/-/");
        }

        using var head = new HttpRequestMessage(HttpMethod.Head, $"{Registry}{path}/latest");
        (await _client.SendAsync(head)).StatusCode.Should().Be(HttpStatusCode.OK);

        var first = await _client.GetAsync($"{Registry}{path}/1.0.0");
        using var again = new HttpRequestMessage(HttpMethod.Get, $"{Registry}{path}/1.0.0");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.Tag);
        (await _client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);

        await AssertNotFoundAsync($"{Registry}{path}/9.9.9");
        await AssertNotFoundAsync($"{Registry}{path}/no-such-tag");
        await AssertNotFoundAsync($"{Registry}/never-published/1.0.0");
        await AssertNotFoundAsync($"{Registry}/@demo%2fnever/latest");
    }

    [Fact]
    public async Task Group_and_instance_levels_serve_the_version_manifest_with_their_own_tarball_urls()
    {
        await PublishAsync("@demo/levels", "3.0.0");

        foreach (var level in new[] { Group, Instance })
        {
            foreach (var path in new[] { "/@demo%2flevels/latest", "/@demo/levels/3.0.0" })
            {
                var manifest = JsonNode.Parse(await GetOkAsync(level + path))!;
                manifest["version"]!.GetValue<string>().Should().Be("3.0.0");
                manifest["dist"]!["tarball"]!.GetValue<string>().Should().Be($"http://localhost{level}/@demo/levels/-/levels-3.0.0.tgz");
            }

            await AssertNotFoundAsync(level + "/@demo/levels/4.0.0");
        }

        await PublishAsync("plain-levels", "1.0.0");
        JsonNode.Parse(await GetOkAsync(Group + "/plain-levels/1.0.0"))!["version"]!.GetValue<string>().Should().Be("1.0.0");
    }

    [Fact]
    public async Task The_version_route_asks_an_anonymous_caller_for_a_credential_like_the_packument()
    {
        await PublishAsync("@demo/private", "1.0.0");
        using var anonymous = _host.CreateClient();
        foreach (var path in new[] { Registry + "/@demo%2fprivate", Registry + "/@demo%2fprivate/1.0.0", Group + "/@demo/private/latest" })
        {
            (await anonymous.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
        }
    }

    [Fact]
    public async Task The_routes_beside_it_still_match_as_before()
    {
        await PublishAsync("beside", "1.0.0");
        await PublishAsync("@demo/beside", "1.0.0");

        // Tarballs, the scoped one with its slash plain and encoded (npm sends both).
        (await _client.GetAsync(Registry + "/beside/-/beside-1.0.0.tgz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync(Registry + "/@demo/beside/-/beside-1.0.0.tgz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync(Registry + "/@demo%2fbeside/-/beside-1.0.0.tgz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync(Registry + "/@demo%2Fbeside/-/beside-1.0.0.tgz")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync(Registry + "/@demo%2fbeside/x/beside-1.0.0.tgz")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Packuments: a document with "versions", never a version manifest.
        foreach (var path in new[] { "/beside", "/@demo/beside", "/@demo%2fbeside" })
        {
            JsonNode.Parse(await GetOkAsync(Registry + path))!["versions"]!["1.0.0"].Should().NotBeNull(path);
        }

        JsonNode.Parse(await GetOkAsync(Registry + "/-/whoami"))!["username"].Should().NotBeNull();
        (await GetOkAsync(Registry + "/-/ping")).Should().Be("{}");
        foreach (var path in new[] { "/-/package/beside/dist-tags", "/-/package/@demo%2fbeside/dist-tags", "/-/package/@demo/beside/dist-tags" })
        {
            JsonNode.Parse(await GetOkAsync(Registry + path))!["latest"]!.GetValue<string>().Should().Be("1.0.0", path);
        }

        var put = await _client.PutAsync(Registry + "/-/package/beside/dist-tags/stable", new StringContent("\"1.0.0\"", Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.Parse(await GetOkAsync(Registry + "/beside/stable"))!["version"]!.GetValue<string>().Should().Be("1.0.0");
    }

    [Fact]
    public async Task A_package_without_a_description_has_none_in_the_packument_rather_than_null()
    {
        var document = NpmPackages.PublishDocument("no-description", "1.0.0");
        document.Remove("description");
        var put = await _client.PutAsync(Registry + "/no-description", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        put.IsSuccessStatusCode.Should().BeTrue(await put.Content.ReadAsStringAsync());

        var body = await GetOkAsync(Registry + "/no-description?write=true");
        JsonNode.Parse(body)!.AsObject().ContainsKey("description").Should().BeFalse(body);
        body.Should().NotContain("null");

        var described = NpmPackages.PublishDocument("with-description", "1.0.0");
        described["versions"]!["1.0.0"]!["description"] = "does things";
        (await _client.PutAsync(Registry + "/with-description", new StringContent(described.ToJsonString(), Encoding.UTF8, "application/json"))).IsSuccessStatusCode.Should().BeTrue();
        JsonNode.Parse(await GetOkAsync(Registry + "/with-description"))!["description"]!.GetValue<string>().Should().Be("does things");
    }
}
