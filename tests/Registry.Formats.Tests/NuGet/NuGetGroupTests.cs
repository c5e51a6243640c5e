using System.Net;
using System.Text.Json.Nodes;
using Registry.Core.Directory;
using Registry.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Registry.Formats.Tests.NuGet;

/// <summary>The read-only group endpoint: it merges the group's projects the caller may read, and nothing else.</summary>
public sealed class NuGetGroupTests : IDisposable
{
    private const string Group = "/api/v4/groups/demo/-/packages/nuget";
    private readonly NuGetHostFactory _host = new();
    private readonly HttpClient _client;

    public NuGetGroupTests() => _client = _host.CreateClient();

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

    [Fact]
    public async Task The_group_service_index_has_no_publish_resource_and_stays_under_the_group()
    {
        var index = await JsonAsync(Group + "/index.json", token: null);

        var resources = index["resources"]!.AsArray();
        resources.Select(r => r!["@type"]!.GetValue<string>()).Should().NotContain("PackagePublish/2.0.0").And.Contain("PackageBaseAddress/3.0.0");
        resources.Select(r => r!["@id"]!.GetValue<string>()).Should().OnlyContain(u => u.StartsWith("http://localhost" + Group + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Packages_of_the_group_projects_are_readable_through_the_group()
    {
        (await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Group.Lib", "1.0.0")))).StatusCode.Should().Be(HttpStatusCode.Created);

        (await JsonAsync(Group + "/download/group.lib/index.json"))["versions"]![0]!.GetValue<string>().Should().Be("1.0.0");
        var nupkg = await _client.SendAsync(NuGetHostFactory.Read(Group + "/download/group.lib/1.0.0/group.lib.1.0.0.nupkg"));
        nupkg.StatusCode.Should().Be(HttpStatusCode.OK);
        var leaf = (await JsonAsync(Group + "/metadata/group.lib/index.json"))["items"]![0]!["items"]![0]!;
        leaf["packageContent"]!.GetValue<string>().Should().StartWith("http://localhost" + Group + "/download/");
        (await JsonAsync(Group + "/query?q=group"))["totalHits"]!.GetValue<int>().Should().Be(1);

        var anonymous = await _client.SendAsync(NuGetHostFactory.Read(Group + "/download/group.lib/index.json", token: null));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Basic");

        (await _client.SendAsync(NuGetHostFactory.Read("/api/v4/groups/nope/-/packages/nuget/download/group.lib/index.json"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_user_without_access_to_the_private_group_gets_404()
    {
        (await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Secret.Lib", "1.0.0")))).StatusCode.Should().Be(HttpStatusCode.Created);
        var directory = _host.Services.GetRequiredService<IDirectoryAdministration>();
        var user = await directory.TryCreateUserAsync("outsider", "outsider", isAdmin: false, CancellationToken.None);
        var token = await directory.CreatePersonalAccessTokenAsync(user!.Id, "t", TokenScopes.Api, null, null, CancellationToken.None);

        var response = await _client.SendAsync(NuGetHostFactory.Read(Group + "/download/secret.lib/index.json", token.Token));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
