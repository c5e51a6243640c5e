using System.Net;
using System.Text.Json.Nodes;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.NuGet;

/// <summary>The NuGet v3 protocol in-process: service index, push, flat container, registration, search, unlist and relist.</summary>
public sealed class NuGetPackagesTests : IDisposable
{
    private const string Base = NuGetHostFactory.Base;
    private readonly NuGetHostFactory _host = new();
    private readonly HttpClient _client;

    public NuGetPackagesTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private async Task<JsonNode> JsonAsync(string path, string? token = NuGetHostFactory.AdminToken)
    {
        var response = await _client.SendAsync(NuGetHostFactory.Read(path, token));
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task PushAsync(string id, string version, string dependencies = "")
    {
        var response = await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg(id, version, NuGetHostFactory.Nuspec(id, version, dependencies))));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_service_index_lists_every_resource_under_its_directory_without_a_credential()
    {
        var index = await JsonAsync("index.json", token: null);

        index["version"]!.GetValue<string>().Should().Be("3.0.0");
        var resources = index["resources"]!.AsArray();
        resources.Select(r => r!["@id"]!.GetValue<string>()).Should().OnlyContain(u => u.StartsWith("http://localhost" + Base + "/", StringComparison.Ordinal));
        resources.Select(r => r!["@type"]!.GetValue<string>()).Should().Contain(
        [
            "PackagePublish/2.0.0", "PackageBaseAddress/3.0.0", "RegistrationsBaseUrl", "RegistrationsBaseUrl/3.0.0-rc",
            "RegistrationsBaseUrl/3.0.0-beta", "RegistrationsBaseUrl/3.4.0", "RegistrationsBaseUrl/3.6.0",
            "SearchQueryService", "SearchQueryService/3.0.0-beta", "SearchQueryService/3.0.0-rc", "SearchQueryService/3.4.0", "SearchQueryService/3.5.0",
        ]);
    }

    [Fact]
    public async Task A_pushed_package_is_in_the_flat_container_registration_and_search()
    {
        var bytes = NuGetHostFactory.Nupkg("Demo.Lib", "1.2.0", NuGetHostFactory.Nuspec("Demo.Lib", "1.2.0",
            """<group targetFramework="netstandard2.0"><dependency id="Other.Lib" version="2.0.0" /></group>"""));
        var push = await _client.SendAsync(NuGetHostFactory.Push(bytes));
        push.StatusCode.Should().Be(HttpStatusCode.Created);

        var versions = await JsonAsync("download/demo.lib/index.json");
        versions["versions"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("1.2.0");

        var nupkg = await _client.SendAsync(NuGetHostFactory.Read("download/demo.lib/1.2.0/demo.lib.1.2.0.nupkg"));
        nupkg.StatusCode.Should().Be(HttpStatusCode.OK);
        (await nupkg.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);

        var nuspec = await _client.SendAsync(NuGetHostFactory.Read("download/demo.lib/1.2.0/demo.lib.nuspec"));
        (await nuspec.Content.ReadAsStringAsync()).Should().Contain("<id>Demo.Lib</id>");

        var registration = await JsonAsync("metadata/demo.lib/index.json");
        registration["count"]!.GetValue<int>().Should().Be(1);
        var leaf = registration["items"]![0]!["items"]![0]!;
        leaf["packageContent"]!.GetValue<string>().Should().Be($"http://localhost{Base}/download/demo.lib/1.2.0/demo.lib.1.2.0.nupkg");
        var entry = leaf["catalogEntry"]!;
        entry["id"]!.GetValue<string>().Should().Be("Demo.Lib");
        entry["version"]!.GetValue<string>().Should().Be("1.2.0");
        entry["listed"]!.GetValue<bool>().Should().BeTrue();
        entry["dependencyGroups"]![0]!["targetFramework"]!.GetValue<string>().Should().Be("netstandard2.0");
        entry["dependencyGroups"]![0]!["dependencies"]![0]!["id"]!.GetValue<string>().Should().Be("Other.Lib");
        entry["dependencyGroups"]![0]!["dependencies"]![0]!["range"]!.GetValue<string>().Should().Be("[2.0.0, )");

        foreach (var url in new[] { leaf["@id"]!.GetValue<string>(), entry["@id"]!.GetValue<string>() })
        {
            var resolved = await JsonAsync(new Uri(url).AbsolutePath);
            resolved["packageContent"]!.GetValue<string>().Should().Be(leaf["packageContent"]!.GetValue<string>());
            resolved["catalogEntry"]!["version"]!.GetValue<string>().Should().Be("1.2.0");
        }

        (await _client.SendAsync(NuGetHostFactory.Read("metadata/demo.lib/9.9.9.json"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var files = await JsonAsync("/api/v4/projects/demo%2Fapp/packages/" + (await JsonAsync("/api/v4/projects/demo%2Fapp/packages?package_type=nuget"))[0]!["id"] + "/package_files");
        files.AsArray().Select(f => f!["file_name"]!.GetValue<string>()).Should().Equal("demo.lib.1.2.0.nupkg");

        var search = await JsonAsync("query?q=demo&take=10");
        search["totalHits"]!.GetValue<int>().Should().Be(1);
        search["data"]![0]!["id"]!.GetValue<string>().Should().Be("Demo.Lib");
        search["data"]![0]!["authors"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("Alice", "Bob");
    }

    [Fact]
    public async Task A_second_push_of_the_same_id_and_version_answers_409()
    {
        await PushAsync("Dup.Lib", "1.0.0");

        var again = await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("DUP.lib", "1.0.0.0")));

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Reads_without_a_credential_get_a_basic_challenge_and_push_without_a_key_gets_401()
    {
        await PushAsync("Auth.Lib", "1.0.0");

        var anonymous = await _client.SendAsync(NuGetHostFactory.Read("download/auth.lib/index.json", token: null));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Basic");

        var push = await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Auth.Lib", "2.0.0"), apiKey: null));
        push.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Delete_unlists_and_post_relists()
    {
        await PushAsync("Unlist.Lib", "1.0.0");

        var delete = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Base}/v2/package/Unlist.Lib/1.0.0").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey"));
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);

        var registration = await JsonAsync("metadata/unlist.lib/index.json");
        registration["items"]![0]!["items"]![0]!["catalogEntry"]!["listed"]!.GetValue<bool>().Should().BeFalse();
        (await JsonAsync("query?q=unlist"))["totalHits"]!.GetValue<int>().Should().Be(0);
        (await JsonAsync("download/unlist.lib/index.json"))["versions"]!.AsArray().Should().HaveCount(1);
        (await _client.SendAsync(NuGetHostFactory.Read("download/unlist.lib/1.0.0/unlist.lib.1.0.0.nupkg"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var relist = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{Base}/v2/package/Unlist.Lib/1.0.0").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey"));
        relist.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync("metadata/unlist.lib/index.json"))["items"]![0]!["items"]![0]!["catalogEntry"]!["listed"]!.GetValue<bool>().Should().BeTrue();
        (await JsonAsync("query?q=unlist"))["totalHits"]!.GetValue<int>().Should().Be(1);

        var missing = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Base}/v2/package/Unlist.Lib/9.0.0").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey"));
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_with_the_delete_behavior_removes_the_version()
    {
        using var host = new NuGetHostFactory(new Dictionary<string, string?> { ["PackageRegistry:NuGet:DeleteBehavior"] = "Delete" });
        using var client = host.CreateClient();
        (await client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Gone.Lib", "1.0.0")))).StatusCode.Should().Be(HttpStatusCode.Created);

        var delete = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Base}/v2/package/Gone.Lib/1.0.0").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey"));

        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.SendAsync(NuGetHostFactory.Read("download/gone.lib/index.json"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.SendAsync(NuGetHostFactory.Read("download/gone.lib/1.0.0/gone.lib.1.0.0.nupkg"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SemVer2_versions_are_normalized_and_only_searchable_with_semVerLevel_2()
    {
        await PushAsync("Semver.Lib", "1.0.0-Beta.1+meta");

        (await JsonAsync("download/semver.lib/index.json"))["versions"]![0]!.GetValue<string>().Should().Be("1.0.0-beta.1");
        var nupkg = await _client.SendAsync(NuGetHostFactory.Read("download/semver.lib/1.0.0-beta.1/semver.lib.1.0.0-beta.1.nupkg"));
        nupkg.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync("metadata/semver.lib/index.json"))["items"]![0]!["items"]![0]!["catalogEntry"]!["version"]!.GetValue<string>().Should().Be("1.0.0-Beta.1+meta");

        (await JsonAsync("query?q=semver&prerelease=true"))["totalHits"]!.GetValue<int>().Should().Be(0);
        (await JsonAsync("query?q=semver&prerelease=false&semVerLevel=2.0.0"))["totalHits"]!.GetValue<int>().Should().Be(0);
        (await JsonAsync("query?q=semver&prerelease=true&semVerLevel=2.0.0"))["totalHits"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public async Task More_than_128_versions_are_split_into_pages_fetched_by_id()
    {
        for (var i = 0; i < 130; i++)
        {
            await PushAsync("Many.Lib", $"1.0.{i}");
        }

        var registration = await JsonAsync("metadata/many.lib/index.json");
        registration["count"]!.GetValue<int>().Should().Be(2);
        var pages = registration["items"]!.AsArray();
        pages[0]!["items"].Should().BeNull();
        pages[0]!["count"]!.GetValue<int>().Should().Be(128);
        pages[1]!["lower"]!.GetValue<string>().Should().Be("1.0.128");
        pages[1]!["upper"]!.GetValue<string>().Should().Be("1.0.129");

        var second = await JsonAsync(pages[1]!["@id"]!.GetValue<string>().Replace("http://localhost", string.Empty, StringComparison.Ordinal));
        second["items"]!.AsArray().Should().HaveCount(2);
        (await JsonAsync("download/many.lib/index.json"))["versions"]!.AsArray().Should().HaveCount(130);
    }

    [Fact]
    public async Task Metadata_documents_carry_an_etag_and_answer_304()
    {
        await PushAsync("Etag.Lib", "1.0.0");
        var first = await _client.SendAsync(NuGetHostFactory.Read("metadata/etag.lib/index.json"));
        var etag = first.Headers.ETag;
        etag.Should().NotBeNull();

        var request = NuGetHostFactory.Read("metadata/etag.lib/index.json");
        request.Headers.IfNoneMatch.Add(etag!);
        (await _client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }
}
