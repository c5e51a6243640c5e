using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>The npm API as the npm CLI drives it, in-process.</summary>
public sealed class NpmRegistryTests : IDisposable
{
    private const string Registry = "/api/v4/projects/demo%2Fapp/packages/npm";
    private readonly NpmHostFactory _host = new();
    private readonly HttpClient _client;

    public NpmRegistryTests()
    {
        _client = _host.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NpmHostFactory.AdminToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private Task<HttpResponseMessage> PutJsonAsync(string path, JsonNode body) =>
        _client.PutAsync(Registry + path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private async Task<JsonObject> GetJsonAsync(string path, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Registry + path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        var response = await _client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task PublishAsync(string name, string version, string tag = "latest")
    {
        var put = await PutJsonAsync("/" + name.Replace("/", "%2f", StringComparison.Ordinal), NpmPackages.PublishDocument(name, version, tag: tag));
        put.IsSuccessStatusCode.Should().BeTrue(await put.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("plain-pkg", "/plain-pkg")]
    [InlineData("@demo/scoped", "/@demo%2fscoped")]
    [InlineData("@demo/scoped", "/@demo/scoped")]
    public async Task Publish_then_packument_and_tarball(string name, string path)
    {
        var tarball = NpmPackages.Tarball(name, "1.0.0");
        var put = await PutJsonAsync(path, NpmPackages.PublishDocument(name, "1.0.0", tarball));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());

        var full = await GetJsonAsync(path + "?write=true");
        full["name"]!.GetValue<string>().Should().Be(name);
        full["_rev"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        full["dist-tags"]!["latest"]!.GetValue<string>().Should().Be("1.0.0");
        full["time"]!["1.0.0"].Should().NotBeNull();
        var tarballUrl = full["versions"]!["1.0.0"]!["dist"]!["tarball"]!.GetValue<string>();
        tarballUrl.Should().StartWith("http://localhost" + Registry + "/" + name + "/-/");

        var abbreviated = await GetJsonAsync(path, "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*");
        abbreviated.ContainsKey("_rev").Should().BeFalse();
        abbreviated["versions"]!["1.0.0"]!["dependencies"]!["left-pad"]!.GetValue<string>().Should().Be("^1.0.0");
        abbreviated["versions"]!["1.0.0"]!["dist"]!["integrity"]!.GetValue<string>().Should().Be(NpmPackages.Integrity(tarball));

        var download = await _client.GetAsync(new Uri(tarballUrl).PathAndQuery);
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        bytes.Should().Equal(tarball);
        NpmPackages.Integrity(bytes).Should().Be(NpmPackages.Integrity(tarball));
    }

    [Fact]
    public async Task Packument_answers_304_to_its_etag()
    {
        await PublishAsync("etag-pkg", "1.0.0");
        var first = await _client.GetAsync(Registry + "/etag-pkg");
        var etag = first.Headers.ETag!.Tag;

        using var request = new HttpRequestMessage(HttpMethod.Get, Registry + "/etag-pkg");
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        (await _client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task A_second_version_joins_the_packument_and_a_duplicate_is_409()
    {
        await PublishAsync("dup-pkg", "1.0.0");
        await PublishAsync("dup-pkg", "1.1.0");

        var again = await PutJsonAsync("/dup-pkg", NpmPackages.PublishDocument("dup-pkg", "1.0.0"));
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).Should().Contain("\"error\"");

        var doc = await GetJsonAsync("/dup-pkg");
        doc["versions"]!.AsObject().Select(v => v.Key).Should().BeEquivalentTo("1.0.0", "1.1.0");
        doc["dist-tags"]!["latest"]!.GetValue<string>().Should().Be("1.1.0");
    }

    [Fact]
    public async Task Dist_tags_can_be_listed_added_moved_and_removed()
    {
        await PublishAsync("@demo/tags", "1.0.0");
        await PublishAsync("@demo/tags", "2.0.0-beta.1", tag: "beta");

        var tags = await GetJsonAsync("/-/package/@demo%2ftags/dist-tags");
        tags["latest"]!.GetValue<string>().Should().Be("1.0.0");
        tags["beta"]!.GetValue<string>().Should().Be("2.0.0-beta.1");

        var add = await _client.PutAsync(Registry + "/-/package/@demo%2ftags/dist-tags/beta", new StringContent("\"1.0.0\"", Encoding.UTF8, "application/json"));
        add.StatusCode.Should().Be(HttpStatusCode.OK);
        tags = await GetJsonAsync("/-/package/@demo%2ftags/dist-tags");
        tags["beta"]!.GetValue<string>().Should().Be("1.0.0");

        (await _client.DeleteAsync(Registry + "/-/package/@demo%2ftags/dist-tags/beta")).StatusCode.Should().Be(HttpStatusCode.OK);
        tags = await GetJsonAsync("/-/package/@demo%2ftags/dist-tags");
        tags.ContainsKey("beta").Should().BeFalse();

        (await _client.DeleteAsync(Registry + "/-/package/@demo%2ftags/dist-tags/beta")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.PutAsync(Registry + "/-/package/@demo%2ftags/dist-tags/x", new StringContent("\"9.9.9\""))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deprecate_and_undeprecate_keep_every_version()
    {
        await PublishAsync("old-pkg", "1.0.0");
        await PublishAsync("old-pkg", "1.1.0");

        var doc = await GetJsonAsync("/old-pkg?write=true");
        doc["versions"]!["1.0.0"]!["deprecated"] = "use 1.1.0";
        doc["versions"]!.AsObject().Remove("1.1.0");
        (await PutJsonAsync("/old-pkg", doc)).StatusCode.Should().Be(HttpStatusCode.OK);

        var after = await GetJsonAsync("/old-pkg", "application/vnd.npm.install-v1+json");
        after["versions"]!["1.0.0"]!["deprecated"]!.GetValue<string>().Should().Be("use 1.1.0");
        after["versions"]!.AsObject().Count.Should().Be(2);

        doc = await GetJsonAsync("/old-pkg?write=true");
        doc["versions"]!["1.0.0"]!["deprecated"] = string.Empty;
        (await PutJsonAsync("/old-pkg", doc)).StatusCode.Should().Be(HttpStatusCode.OK);
        after = await GetJsonAsync("/old-pkg?write=true");
        after["versions"]!["1.0.0"]!.AsObject().ContainsKey("deprecated").Should().BeFalse();
    }

    [Fact]
    public async Task Unpublish_one_version_then_all()
    {
        await PublishAsync("@demo/gone", "1.0.0");
        await PublishAsync("@demo/gone", "1.1.0");

        // npm's flow: PUT the packument without the version, GET ?write=true, DELETE the tarball path.
        var doc = await GetJsonAsync("/@demo%2fgone?write=true");
        var tarball = new Uri(doc["versions"]!["1.1.0"]!["dist"]!["tarball"]!.GetValue<string>()).AbsolutePath;
        doc["versions"]!.AsObject().Remove("1.1.0");
        doc["dist-tags"]!["latest"] = "1.0.0";
        (await PutJsonAsync($"/@demo%2fgone/-rev/{doc["_rev"]}", doc)).StatusCode.Should().Be(HttpStatusCode.OK);
        var rev = (await GetJsonAsync("/@demo%2fgone?write=true"))["_rev"]!.GetValue<string>();
        (await _client.DeleteAsync($"{tarball}/-rev/{rev}")).StatusCode.Should().Be(HttpStatusCode.OK);

        doc = await GetJsonAsync("/@demo%2fgone?write=true");
        doc["versions"]!.AsObject().Select(v => v.Key).Should().Equal("1.0.0");
        doc["dist-tags"]!["latest"]!.GetValue<string>().Should().Be("1.0.0");
        (await _client.GetAsync(tarball)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await _client.DeleteAsync($"{Registry}/@demo%2fgone/-rev/{doc["_rev"]}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync(Registry + "/@demo%2fgone")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Whoami_ping_and_audit()
    {
        (await GetJsonAsync("/-/whoami"))["username"]!.GetValue<string>().Should().NotBeNullOrEmpty();
        (await GetJsonAsync("/-/ping")).Count.Should().Be(0);
        (await _client.PostAsync(Registry + "/-/npm/v1/security/advisories/bulk", new StringContent("{}"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.PostAsync(Registry + "/-/npm/v1/security/audits/quick", new StringContent("{}"))).StatusCode.Should().Be(HttpStatusCode.OK);

        using var anonymous = _host.CreateClient();
        (await anonymous.GetAsync(Registry + "/-/whoami")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync(Registry + "/anything")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Whoami_names_the_user_of_a_personal_or_job_token_and_the_deploy_token_and_login_is_404_as_on_GitLab()
    {
        var (user, personal) = await _host.CreateUserAsync("alice");
        var app = (await _host.Services.GetRequiredService<Core.Directory.IProjectDirectory>().FindProjectOrNullAsync("demo/app", CancellationToken.None))!;
        await _host.Directory.SetProjectMemberAsync(app.Id, user.Id, Core.Directory.AccessLevel.Developer, CancellationToken.None);
        var deploy = await _host.Directory.CreateDeployTokenAsync(app.Id, null, "npm-deployer", Core.Security.TokenScopes.ReadPackageRegistry, null, CancellationToken.None);
        var job = await _host.Directory.StartJobAsync(app.Id, user.Id, 7, "main", null, CancellationToken.None);

        foreach (var (token, expected) in new[] { (personal, "alice"), (job.Token, "alice"), (deploy.Token, "npm-deployer") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Registry + "/-/whoami");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await _client.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.OK, expected);
            JsonNode.Parse(await response.Content.ReadAsStringAsync())!["username"]!.GetValue<string>().Should().Be(expected);
        }

        var login = await _client.PutAsync(Registry + "/-/user/org.couchdb.user:alice", new StringContent("{\"name\":\"alice\",\"password\":\"x\"}", Encoding.UTF8, "application/json"));
        login.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await login.Content.ReadAsStringAsync()).Should().Be("{\"error\":\"404 Not Found\"}");
        (await _client.PostAsync(Registry + "/-/v1/login", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Instance_level_resolves_the_scope_to_the_top_level_group()
    {
        await PublishAsync("@demo/inst", "1.0.0");

        var doc = await _client.GetAsync("/api/v4/packages/npm/@demo%2finst");
        doc.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = JsonNode.Parse(await doc.Content.ReadAsStringAsync())!;
        var tarball = json["versions"]!["1.0.0"]!["dist"]!["tarball"]!.GetValue<string>();
        tarball.Should().StartWith("http://localhost/api/v4/packages/npm/@demo/inst/-/");
        (await _client.GetAsync(new Uri(tarball).AbsolutePath)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _client.GetAsync("/api/v4/packages/npm/@nogroup%2finst")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync("/api/v4/packages/npm/unscoped")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Group_level_serves_packuments_tarballs_and_dist_tags_of_the_group_projects_and_moves_dist_tags()
    {
        await PublishAsync("@demo/grouped", "1.0.0");
        await PublishAsync("plain-grouped", "2.0.0");
        const string Group = "/api/v4/groups/demo/-/packages/npm";

        var doc = await _client.GetAsync(Group + "/@demo%2fgrouped");
        doc.StatusCode.Should().Be(HttpStatusCode.OK, await doc.Content.ReadAsStringAsync());
        var tarball = JsonNode.Parse(await doc.Content.ReadAsStringAsync())!["versions"]!["1.0.0"]!["dist"]!["tarball"]!.GetValue<string>();
        tarball.Should().StartWith("http://localhost" + Group + "/@demo/grouped/-/");
        (await _client.GetAsync(new Uri(tarball).AbsolutePath)).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _client.GetAsync(Group + "/plain-grouped")).StatusCode.Should().Be(HttpStatusCode.OK);
        var tags = JsonNode.Parse(await _client.GetStringAsync(Group + "/-/package/@demo%2fgrouped/dist-tags"))!;
        tags["latest"]!.GetValue<string>().Should().Be("1.0.0");
        var add = await _client.PutAsync(Group + "/-/package/@demo%2fgrouped/dist-tags/stable", new StringContent("\"1.0.0\"", Encoding.UTF8, "application/json"));
        add.StatusCode.Should().Be(HttpStatusCode.OK, await add.Content.ReadAsStringAsync());
        JsonNode.Parse(await _client.GetStringAsync(Registry + "/-/package/@demo%2fgrouped/dist-tags"))!["stable"]!.GetValue<string>().Should().Be("1.0.0");
        (await _client.DeleteAsync(Group + "/-/package/@demo%2fgrouped/dist-tags/stable")).StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.Parse(await _client.GetStringAsync(Group + "/-/package/@demo%2fgrouped/dist-tags"))!.AsObject().ContainsKey("stable").Should().BeFalse();

        (await _client.GetAsync(Group + "/@demo%2fmissing")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync("/api/v4/groups/nogroup/-/packages/npm/plain-grouped")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        // No publish through a group: GitLab's API catch-all answers a method a path lacks with 404 (Grape tries it before a 405).
        (await _client.PutAsync(Group + "/plain-grouped", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var anonymous = _host.CreateClient();
        (await anonymous.GetAsync(Group + "/plain-grouped")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

/// <summary>Every refused publish answers a clear error and leaves no row and no stored file.</summary>
public sealed class NpmBadInputTests : IDisposable
{
    private const string Registry = "/api/v4/projects/demo%2Fapp/packages/npm";
    private readonly NpmHostFactory _host = new(new Dictionary<string, string?> { ["PackageRegistry:Npm:MaxDocumentSizeBytes"] = "65536" });
    private readonly HttpClient _client;

    public NpmBadInputTests()
    {
        _client = _host.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NpmHostFactory.AdminToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private async Task AssertRefusedAsync(JsonNode document, string error, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var put = await _client.PutAsync(Registry + "/bad-pkg", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(status);
        (await put.Content.ReadAsStringAsync()).Should().Contain(error);
        (await _client.GetAsync(Registry + "/bad-pkg")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        _host.StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public Task Not_gzip_is_refused()
    {
        var data = Encoding.UTF8.GetBytes("this is not a tarball");
        return AssertRefusedAsync(NpmPackages.PublishDocument("bad-pkg", "1.0.0", data), "gzip");
    }

    [Fact]
    public Task Gzip_that_is_not_tar_is_refused()
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(RandomNumberGenerator.GetBytes(1000));
        }

        return AssertRefusedAsync(NpmPackages.PublishDocument("bad-pkg", "1.0.0", output.ToArray()), "\"error\"");
    }

    [Fact]
    public Task Package_json_disagreeing_with_the_manifest_is_refused() =>
        AssertRefusedAsync(NpmPackages.PublishDocument("bad-pkg", "1.0.0", NpmPackages.Tarball("bad-pkg", "1.0.0", packageJson: "{\"name\":\"other\",\"version\":\"1.0.0\"}")), "does not match");

    [Fact]
    public Task Path_traversal_entries_are_refused() =>
        AssertRefusedAsync(NpmPackages.PublishDocument("bad-pkg", "1.0.0", NpmPackages.Tarball("bad-pkg", "1.0.0", [("package/../../evil.sh", "x")])), "outside the package directory");

    [Fact]
    public Task Absolute_entries_are_refused() =>
        AssertRefusedAsync(NpmPackages.PublishDocument("bad-pkg", "1.0.0", NpmPackages.Tarball("bad-pkg", "1.0.0", [("/etc/evil", "x")])), "outside the package directory");

    [Fact]
    public Task Integrity_mismatch_is_refused() =>
        AssertRefusedAsync(NpmPackages.PublishDocument("bad-pkg", "1.0.0", integrity: NpmPackages.Integrity([1, 2, 3])), "integrity");

    [Fact]
    public Task Shasum_mismatch_is_refused()
    {
        var doc = NpmPackages.PublishDocument("bad-pkg", "1.0.0");
        doc["versions"]!["1.0.0"]!["dist"]!["shasum"] = new string('0', 40);
        return AssertRefusedAsync(doc, "shasum");
    }

    [Fact]
    public Task Name_not_matching_the_url_is_refused() =>
        AssertRefusedAsync(NpmPackages.PublishDocument("other-pkg", "1.0.0"), "does not match the URL");

    [Fact]
    public Task Oversized_document_is_refused_with_413() =>
        AssertRefusedAsync(NpmPackages.PublishDocument("bad-pkg", "1.0.0", NpmPackages.Tarball("bad-pkg", "1.0.0", [("package/big.bin", Convert.ToBase64String(RandomNumberGenerator.GetBytes(100_000)))])), "too large", HttpStatusCode.RequestEntityTooLarge);

    [Fact]
    public async Task Invalid_json_is_refused()
    {
        var put = await _client.PutAsync(Registry + "/bad-pkg", new StringContent("{not json", Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _host.StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Publishing_without_a_token_is_401()
    {
        using var anonymous = _host.CreateClient();
        var put = await anonymous.PutAsync(Registry + "/bad-pkg", new StringContent(NpmPackages.PublishDocument("bad-pkg", "1.0.0").ToJsonString(), Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        _host.StoredFiles().Should().BeEmpty();
    }
}

/// <summary>A publish document of 100 MB within the default limit: refused for what it holds, with nothing stored.</summary>
public sealed class NpmLargeDocumentTests : IDisposable
{
    private readonly NpmHostFactory _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_100_MB_publish_document_whose_tarball_does_not_match_is_a_400_with_nothing_stored()
    {
        var document = NpmPackages.PublishDocument("big-pkg", "1.0.0");
        var attachment = document["_attachments"]!["big-pkg-1.0.0.tgz"]!.AsObject();
        attachment["data"] = "@DATA@";
        attachment.Remove("length");
        var parts = document.ToJsonString().Split("@DATA@");
        using var body = new MemoryStream();
        body.Write(Encoding.UTF8.GetBytes(parts[0]));
        body.Write(Enumerable.Repeat((byte)'A', 100 * 1024 * 1024).ToArray());
        body.Write(Encoding.UTF8.GetBytes(parts[1]));
        body.Position = 0;
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NpmHostFactory.AdminToken);

        var put = await client.PutAsync("/api/v4/projects/demo%2Fapp/packages/npm/big-pkg", new StreamContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).Should().Contain("integrity");
        _host.StoredFiles().Should().BeEmpty();
        (await client.GetAsync("/api/v4/projects/demo%2Fapp/packages/npm/big-pkg")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
