using System.Net;
using System.Text.Json.Nodes;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.NuGet;

/// <summary>
/// The search autocomplete service (https://learn.microsoft.com/nuget/api/search-autocomplete-service-resource) at
/// project and group level: ids, an id's versions, the prerelease and SemVer 2.0.0 filters, unlisted versions hidden,
/// and the search's permissions.
/// </summary>
public sealed class NuGetAutocompleteTests : IDisposable
{
    private const string Base = NuGetHostFactory.Base;
    private const string Group = "/api/v4/groups/demo/-/packages/nuget";
    private readonly NuGetHostFactory _host = new();
    private readonly HttpClient _client;

    public NuGetAutocompleteTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task The_service_index_advertises_the_autocomplete_resource_at_both_levels()
    {
        foreach (var level in new[] { Base, Group })
        {
            var index = await JsonAsync(level + "/index.json");
            var autocomplete = index["resources"]?.AsArray().Where(r => r?["@type"]?.GetValue<string>().StartsWith("SearchAutocompleteService", StringComparison.Ordinal) == true).ToList() ?? [];
            autocomplete.Select(r => r?["@type"]?.GetValue<string>()).Should().BeEquivalentTo("SearchAutocompleteService", "SearchAutocompleteService/3.0.0-beta", "SearchAutocompleteService/3.0.0-rc");
            autocomplete.Select(r => r?["@id"]?.GetValue<string>()).Should().OnlyContain(u => u == "http://localhost" + level + "/autocomplete");
        }
    }

    [Fact]
    public async Task Ids_match_the_query_are_paged_and_leave_out_unlisted_and_prerelease_only_packages()
    {
        await PushAsync("Auto.Alpha", "1.0.0");
        await PushAsync("Auto.Beta", "2.0.0");
        await PushAsync("Auto.Pre", "1.0.0-rc.1");
        await PushAsync("Auto.Hidden", "1.0.0");
        await PushAsync("Other.Lib", "1.0.0");
        await UnlistAsync("Auto.Hidden", "1.0.0");

        var all = await JsonAsync(Base + "/autocomplete?q=auto");
        all["totalHits"]?.GetValue<int>().Should().Be(2);
        Data(all).Should().Equal("Auto.Alpha", "Auto.Beta");

        var withPrerelease = await JsonAsync(Base + "/autocomplete?q=auto&prerelease=true&semVerLevel=2.0.0");
        Data(withPrerelease).Should().Equal("Auto.Alpha", "Auto.Beta", "Auto.Pre");

        var paged = await JsonAsync(Base + "/autocomplete?q=auto&skip=1&take=1");
        paged["totalHits"]?.GetValue<int>().Should().Be(2);
        Data(paged).Should().Equal("Auto.Beta");

        Data(await JsonAsync(Base + "/autocomplete")).Should().Equal("Auto.Alpha", "Auto.Beta", "Other.Lib");
        Data(await JsonAsync(Group + "/autocomplete?q=other")).Should().Equal("Other.Lib");
    }

    [Fact]
    public async Task Versions_of_an_id_honour_prerelease_semVerLevel_and_unlisting()
    {
        await PushAsync("Ver.Lib", "1.0.0");
        await PushAsync("Ver.Lib", "1.1.0-beta");
        await PushAsync("Ver.Lib", "1.2.0-beta.2");
        await PushAsync("Ver.Lib", "2.0.0");
        await PushAsync("Ver.Lib", "3.0.0");
        await UnlistAsync("Ver.Lib", "3.0.0");

        var stable = await JsonAsync(Base + "/autocomplete?id=ver.lib");
        stable["totalHits"]?.GetValue<int>().Should().Be(2);
        Data(stable).Should().Equal("1.0.0", "2.0.0");

        Data(await JsonAsync(Base + "/autocomplete?id=Ver.Lib&prerelease=true")).Should().Equal("1.0.0", "1.1.0-beta", "2.0.0");
        Data(await JsonAsync(Base + "/autocomplete?id=Ver.Lib&prerelease=true&semVerLevel=2.0.0")).Should().Equal("1.0.0", "1.1.0-beta", "1.2.0-beta.2", "2.0.0");
        Data(await JsonAsync(Group + "/autocomplete?id=Ver.Lib")).Should().Equal("1.0.0", "2.0.0");
        Data(await JsonAsync(Base + "/autocomplete?id=missing.lib")).Should().BeEmpty();
    }

    [Fact]
    public async Task Autocomplete_refuses_like_search_and_answers_head()
    {
        await PushAsync("Secret.Lib", "1.0.0");

        foreach (var path in new[] { "/autocomplete?q=secret", "/autocomplete?id=secret.lib", "/query?q=secret" })
        {
            var anonymous = await _client.SendAsync(NuGetHostFactory.Read(Base + path, token: null));
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
            anonymous.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Basic");
        }

        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Base + "/autocomplete?q=secret").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey"));
        var get = await _client.SendAsync(NuGetHostFactory.Read(Base + "/autocomplete?q=secret"));
        head.StatusCode.Should().Be(get.StatusCode);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    private async Task PushAsync(string id, string version)
    {
        var response = await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg(id, version)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task UnlistAsync(string id, string version)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Base}/v2/package/{id}/{version}").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey"));
        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    private async Task<JsonNode> JsonAsync(string path)
    {
        var response = await _client.SendAsync(NuGetHostFactory.Read(path));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonNode.Parse(body) ?? throw new InvalidOperationException("empty JSON body");
    }

    private static IEnumerable<string?> Data(JsonNode document) =>
        document["data"]?.AsArray().Select(v => v?.GetValue<string>()) ?? [];
}
