using System.Text.Json;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Usage;

/// <summary>
/// The storage endpoints (project and group, subgroups included, deduplicated bytes), GitLab's
/// <c>statistics.packages_size</c> on a project (Reporters and above, only when asked), and the quota API (instance
/// administrators only, top-level groups only, absent limits kept, <c>DELETE</c> back to the defaults).
/// </summary>
public sealed class StorageAndQuotaApiTests(UsageHost host) : IClassFixture<UsageHost>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (host.Audit.Events.IsEmpty)
        {
            await host.PublishGenericAsync(host.Top, "lib", "a.txt", "shared", host.Maintainer);
            await host.PublishGenericAsync(host.Top, "lib", "b.txt", "xyz", host.Maintainer);
            await host.PublishGenericAsync(host.Nested, "lib2", "c.txt", "shared", host.Maintainer);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_project_answers_bytes_files_and_packages_per_format_to_reporters()
    {
        var (status, body) = await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}/packages/storage", host.Reporter);

        status.Should().Be(200);
        body.GetProperty("projects_count").GetInt32().Should().Be(1);
        body.GetProperty("packages_count").GetInt64().Should().Be(1);
        body.GetProperty("files_count").GetInt64().Should().Be(2);
        body.GetProperty("packages_size").GetInt64().Should().Be(9);
        body.GetProperty("deduplicated_size").GetInt64().Should().Be(9);
        var generic = body.GetProperty("formats").EnumerateArray().Should().ContainSingle().Subject;
        generic.GetProperty("package_type").GetString().Should().Be("generic");
        generic.GetProperty("size").GetInt64().Should().Be(9);
        generic.GetProperty("files_count").GetInt64().Should().Be(2);
    }

    [Fact]
    public async Task Guests_outsiders_and_anonymous_callers_do_not_see_a_projects_storage()
    {
        (await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}/packages/storage", host.Guest)).Status.Should().Be(403);
        (await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}/packages/storage", host.Outsider)).Status.Should().Be(403);
        (await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}/packages/storage", null)).Status.Should().Be(403);
        (await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}/packages/storage", SampleHostFactory.AdminToken)).Status.Should().Be(200);
    }

    [Fact]
    public async Task A_group_adds_up_its_subgroups_projects_and_counts_shared_content_once()
    {
        var (status, body) = await host.SendAsync(HttpMethod.Get, "/api/v4/groups/usage/packages/storage", host.Reporter);

        status.Should().Be(200);
        body.GetProperty("projects_count").GetInt32().Should().Be(2);
        body.GetProperty("packages_count").GetInt64().Should().Be(2);
        body.GetProperty("files_count").GetInt64().Should().Be(3);
        body.GetProperty("packages_size").GetInt64().Should().Be(15);
        body.GetProperty("deduplicated_size").GetInt64().Should().Be(9, "\"shared\" is stored once for both projects");

        var (subStatus, sub) = await host.SendAsync(HttpMethod.Get, $"/api/v4/groups/{host.Subgroup.Id}/packages/storage", host.Reporter);
        subStatus.Should().Be(200);
        sub.GetProperty("packages_size").GetInt64().Should().Be(6);
        (await host.SendAsync(HttpMethod.Get, "/api/v4/groups/usage/packages/storage", host.Guest)).Status.Should().Be(403);
        (await host.SendAsync(HttpMethod.Get, "/api/v4/groups/usage/packages/storage", host.Outsider)).Status.Should().Be(403);
        (await host.SendAsync(HttpMethod.Get, "/api/v4/groups/nope/packages/storage", host.Reporter)).Status.Should().Be(404);
    }

    [Fact]
    public async Task A_project_carries_gitlabs_statistics_only_when_asked_and_only_for_reporters()
    {
        var (status, body) = await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}?statistics=true", host.Reporter);

        status.Should().Be(200);
        var statistics = body.GetProperty("statistics");
        statistics.GetProperty("packages_size").GetInt64().Should().Be(9);
        statistics.GetProperty("storage_size").GetInt64().Should().Be(9);
        foreach (var zero in new[] { "commit_count", "repository_size", "wiki_size", "lfs_objects_size", "job_artifacts_size", "pipeline_artifacts_size", "snippets_size", "uploads_size", "container_registry_size" })
        {
            statistics.GetProperty(zero).GetInt64().Should().Be(0, zero);
        }

        (await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}", host.Reporter)).Body.TryGetProperty("statistics", out _).Should().BeFalse();
        (await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}?statistics=true", host.Guest)).Body.TryGetProperty("statistics", out _).Should().BeFalse();
        (await host.SendAsync(HttpMethod.Get, $"/api/v4/projects/{host.Top.Id}?statistics=true", null)).Body.TryGetProperty("statistics", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Only_administrators_read_and_set_a_top_level_groups_quota()
    {
        var url = $"/api/v4/groups/{host.Group.Id}/packages/quota";
        (await host.SendAsync(HttpMethod.Get, url, host.Owner)).Status.Should().Be(403);
        (await host.SendAsync(HttpMethod.Put, url, host.Owner, new { max_bytes = 10 })).Status.Should().Be(403);
        (await host.SendAsync(HttpMethod.Delete, url, host.Owner)).Status.Should().Be(403);
        (await host.SendAsync(HttpMethod.Get, url, null)).Status.Should().Be(401);

        var (status, defaults) = await host.SendAsync(HttpMethod.Get, url, SampleHostFactory.AdminToken);
        status.Should().Be(200);
        defaults.GetProperty("source").GetString().Should().Be("default");
        defaults.GetProperty("max_bytes").ValueKind.Should().Be(JsonValueKind.Null);
        defaults.GetProperty("used_bytes").GetInt64().Should().Be(15);
        defaults.GetProperty("used_packages").GetInt64().Should().Be(2);

        var (_, set) = await host.SendAsync(HttpMethod.Put, url, SampleHostFactory.AdminToken, new { max_bytes = 100 });
        set.GetProperty("source").GetString().Should().Be("group");
        set.GetProperty("max_bytes").GetInt64().Should().Be(100);
        set.GetProperty("max_packages").ValueKind.Should().Be(JsonValueKind.Null);

        var (_, kept) = await host.SendAsync(HttpMethod.Put, url, SampleHostFactory.AdminToken, new { max_packages = 5 });
        kept.GetProperty("max_bytes").GetInt64().Should().Be(100, "an absent limit keeps its value");
        kept.GetProperty("max_packages").GetInt64().Should().Be(5);

        var (_, lifted) = await host.SendAsync(HttpMethod.Put, url, SampleHostFactory.AdminToken, new Dictionary<string, object?> { ["max_bytes"] = null });
        lifted.GetProperty("max_bytes").ValueKind.Should().Be(JsonValueKind.Null, "null lifts a limit");

        (await host.SendAsync(HttpMethod.Put, url, SampleHostFactory.AdminToken, new { max_bytes = -1 })).Status.Should().Be(400);
        (await host.SendAsync(HttpMethod.Put, url, SampleHostFactory.AdminToken, new { max_packages = "many" })).Status.Should().Be(400);
        (await host.SendAsync(HttpMethod.Put, $"/api/v4/groups/{host.Subgroup.Id}/packages/quota", SampleHostFactory.AdminToken, new { max_bytes = 1 })).Status.Should().Be(400);

        var (deleted, back) = await host.SendAsync(HttpMethod.Delete, url, SampleHostFactory.AdminToken);
        deleted.Should().Be(200);
        back.GetProperty("source").GetString().Should().Be("default");
    }
}
