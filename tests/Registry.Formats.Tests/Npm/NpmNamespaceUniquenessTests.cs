using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>
/// GitLab's rule that an npm name following the naming convention (its scope is the top-level group's path) lives in
/// one project of that group: a publish into a second project is a 400 "Package already exists" that leaves nothing,
/// also when two publishes race, so the instance and group levels find the package in one place.
/// </summary>
public sealed class NpmNamespaceUniquenessTests : IAsyncLifetime, IDisposable
{
    private static readonly string[] RacingProjects = ["demo/app", "demo/other"];
    private readonly NpmHostFactory _host = new();
    private HttpClient _client = new();

    public async Task InitializeAsync()
    {
        _client.Dispose();
        _client = _host.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NpmHostFactory.AdminToken);
        var demo = await _host.Services.GetRequiredService<IProjectDirectory>().FindGroupOrNullAsync("demo", default) ?? throw new InvalidOperationException("no demo group");
        await _host.Directory.TryCreateProjectAsync("other", "other", demo.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default);
        var sub = await _host.Directory.TryCreateGroupAsync("sub", "sub", demo.Id, ProjectVisibility.Private, default) ?? throw new InvalidOperationException("sub exists");
        await _host.Directory.TryCreateProjectAsync("deep", "deep", sub.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default);
        await _host.CreateProjectAsync("acme", "app", ProjectVisibility.Private);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task A_conventional_name_in_another_project_of_the_top_level_group_is_refused_and_leaves_nothing()
    {
        (await PublishAsync("demo/app", "@demo/lib", "1.0.0")).StatusCode.Should().Be(HttpStatusCode.Created);
        var stored = _host.StoredFiles();

        foreach (var (project, version) in new[] { ("demo/other", "2.0.0"), ("demo/sub/deep", "1.0.0") })
        {
            using var refused = await PublishAsync(project, "@demo/lib", version);
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!.GetValue<string>().Should().Be("Validation failed: Package already exists");
            using var packument = await _client.GetAsync(Registry(project) + "/@demo%2flib");
            packument.StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        _host.StoredFiles().Should().BeEquivalentTo(stored);

        // The owning project keeps publishing versions.
        (await PublishAsync("demo/app", "@demo/lib", "1.1.0")).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Names_outside_the_convention_and_other_top_level_groups_stay_each_projects_own()
    {
        foreach (var name in new[] { "plain-lib", "@other/lib" })
        {
            (await PublishAsync("demo/app", name, "1.0.0")).StatusCode.Should().Be(HttpStatusCode.Created);
            (await PublishAsync("demo/other", name, "1.0.0")).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        (await PublishAsync("demo/app", "@demo/shared", "1.0.0")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await PublishAsync("acme/app", "@demo/shared", "1.0.0")).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Once_the_owner_unpublishes_the_name_another_project_may_take_it()
    {
        (await PublishAsync("demo/app", "@demo/moving", "1.0.0")).StatusCode.Should().Be(HttpStatusCode.Created);
        using (var unpublish = await _client.DeleteAsync(Registry("demo/app") + "/@demo%2fmoving/-rev/1"))
        {
            unpublish.StatusCode.Should().Be(HttpStatusCode.OK, await unpublish.Content.ReadAsStringAsync());
        }

        (await PublishAsync("demo/other", "@demo/moving", "2.0.0")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await PublishAsync("demo/app", "@demo/moving", "3.0.0")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_instance_and_group_levels_find_the_package_in_its_one_project()
    {
        (await PublishAsync("demo/app", "@demo/found", "1.0.0")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await PublishAsync("demo/other", "@demo/found", "9.0.0")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        foreach (var level in new[] { "/api/v4/packages/npm", "/api/v4/groups/demo/-/packages/npm" })
        {
            using var response = await _client.GetAsync(level + "/@demo%2ffound");
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, text);
            JsonNode.Parse(text)!["versions"]!.AsObject().Select(static v => v.Key).Should().Equal("1.0.0");
        }
    }

    [Fact]
    public async Task Of_concurrent_publishes_into_two_projects_exactly_one_wins()
    {
        for (var round = 0; round < 6; round++)
        {
            var name = $"@demo/race-{round}";
            using var start = new SemaphoreSlim(0, 2);
            var publishes = RacingProjects.Select(async project =>
            {
                await start.WaitAsync();
                using var response = await PublishAsync(project, name, "1.0.0");
                return (project, response.StatusCode);
            }).ToList();
            start.Release(2);
            var results = await Task.WhenAll(publishes);

            results.Select(static r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.BadRequest], $"round {round}");
            var winner = results.Single(static r => r.StatusCode == HttpStatusCode.Created).project;
            var loser = results.Single(static r => r.StatusCode != HttpStatusCode.Created).project;
            (await _client.GetAsync(Registry(winner) + "/" + Uri.EscapeDataString(name))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await _client.GetAsync(Registry(loser) + "/" + Uri.EscapeDataString(name))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }
    }

    private static string Registry(string project) => $"/api/v4/projects/{Uri.EscapeDataString(project)}/packages/npm";

    private Task<HttpResponseMessage> PublishAsync(string project, string name, string version) =>
        _client.PutAsync(
            Registry(project) + "/" + Uri.EscapeDataString(name),
            new StringContent(NpmPackages.PublishDocument(name, version).ToJsonString(), Encoding.UTF8, "application/json"));
}
