using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.NuGet;

/// <summary>
/// GitLab's documented NuGet push and delete paths (https://docs.gitlab.com/api/packages/nuget/):
/// <c>PUT packages/nuget</c>, <c>PUT packages/nuget/v2</c>, <c>DELETE packages/nuget/{name}/{version}</c>,
/// answering and refusing exactly like <c>v2/package</c>.
/// </summary>
public sealed class NuGetGitLabPathsTests : IDisposable
{
    private const string Base = NuGetHostFactory.Base;
    private readonly NuGetHostFactory _host = new();
    private readonly HttpClient _client;

    public NuGetGitLabPathsTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    public static TheoryData<string> PushPaths => ["", "/", "/v2", "/v2/package"];

    [Theory]
    [MemberData(nameof(PushPaths))]
    public async Task Each_push_path_publishes_and_a_second_push_conflicts(string path)
    {
        var push = await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Path.Lib", "1.0.0"), path: path));
        push.StatusCode.Should().Be(HttpStatusCode.Created, await push.Content.ReadAsStringAsync());

        var versions = await _client.SendAsync(NuGetHostFactory.Read("download/path.lib/index.json"));
        versions.StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Path.Lib", "1.0.0"), path: path))).StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Theory]
    [MemberData(nameof(PushPaths))]
    public async Task Each_push_path_refuses_like_the_push_route(string path)
    {
        var anonymous = await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Denied.Lib", "1.0.0"), apiKey: null, path: path));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var reporter = await ReporterTokenAsync();
        var refused = await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Denied.Lib", "1.0.0"), apiKey: reporter, path: path));
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await _host.PackageCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task The_gitlab_delete_path_unlists_like_the_v2_delete()
    {
        (await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Gl.Lib", "1.0.0")))).StatusCode.Should().Be(HttpStatusCode.Created);

        var delete = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Base}/Gl.Lib/1.0.0").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey"));

        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var search = JsonNode.Parse(await (await _client.SendAsync(NuGetHostFactory.Read("query?q=gl.lib"))).Content.ReadAsStringAsync());
        search?["totalHits"]?.GetValue<int>().Should().Be(0);
        (await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Base}/Gl.Lib/9.0.0").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey")))
            .StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_gitlab_delete_path_deletes_with_the_delete_behavior()
    {
        using var host = new NuGetHostFactory(new Dictionary<string, string?> { ["PackageRegistry:NuGet:DeleteBehavior"] = "Delete" });
        using var client = host.CreateClient();
        (await client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Gone.Lib", "1.0.0")))).StatusCode.Should().Be(HttpStatusCode.Created);

        var delete = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Base}/Gone.Lib/1.0.0").WithToken(NuGetHostFactory.AdminToken, "X-NuGet-ApiKey"));

        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await host.PackageCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task The_gitlab_delete_path_refuses_like_the_v2_delete()
    {
        (await _client.SendAsync(NuGetHostFactory.Push(NuGetHostFactory.Nupkg("Kept.Lib", "1.0.0")))).StatusCode.Should().Be(HttpStatusCode.Created);
        var reporter = await ReporterTokenAsync();

        foreach (var path in new[] { $"{Base}/Kept.Lib/1.0.0", $"{Base}/v2/package/Kept.Lib/1.0.0" })
        {
            (await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path))).StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
            (await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, path).WithToken(reporter, "X-NuGet-ApiKey"))).StatusCode.Should().Be(HttpStatusCode.Forbidden, path);
        }

        var search = JsonNode.Parse(await (await _client.SendAsync(NuGetHostFactory.Read("query?q=kept.lib"))).Content.ReadAsStringAsync());
        search?["totalHits"]?.GetValue<int>().Should().Be(1);
    }

    private async Task<string> ReporterTokenAsync()
    {
        var project = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", CancellationToken.None)
            ?? throw new InvalidOperationException("the sample host has no demo/app project");
        var (user, token) = await _host.CreateUserAsync("reporter");
        await _host.Directory.SetProjectMemberAsync(project.Id, user.Id, AccessLevel.Reporter, CancellationToken.None);
        return token;
    }
}
