using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Deleting;
using Registry.Formats.Tests.Infrastructure;
using Xunit;

namespace Registry.Formats.Tests.Api;

/// <summary>
/// What GitLab API clients (python-gitlab, gitbeaker, glab, Terraform's provider) rely on beyond the basics: GitLab's
/// exact media type, error bodies and catch-all 404, the instance routes, member and token listings, the group tree
/// listings, and deleting projects, groups and users.
/// </summary>
public sealed class GitLabApiCompletenessTests : IDisposable
{
    private static readonly string[] ApiScope = ["api"];
    private static readonly string[] ReadScope = ["read_package_registry"];
    private readonly SampleHostFactory _factory = new();
    private readonly HttpClient _admin;

    public GitLabApiCompletenessTests()
    {
        _admin = Client(SampleHostFactory.AdminToken);
    }

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData("/api/v4/user")]
    [InlineData("/api/v4/groups")]
    [InlineData("/api/v4/projects/demo%2Fapp")]
    [InlineData("/api/v4/projects/demo%2Fapp/packages")]
    [InlineData("/api/v4/projects/demo%2Fnothing")]
    [InlineData("/api/v4/projects/demo%2Fapp/packages?order_by=size")]
    [InlineData("/api/v4/no_such_route")]
    [InlineData("/api/v4/version")]
    public async Task Every_answer_is_application_json_without_a_charset(string path)
    {
        using var response = await _admin.GetAsync(path);

        response.Content.Headers.ContentType?.ToString().Should().Be("application/json", $"{path} answered {response.StatusCode}");
    }

    [Fact]
    public async Task Unmatched_routes_and_methods_answer_GitLabs_catch_all_404()
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/v4/no_such_route"), (HttpMethod.Patch, "/api/v4/projects"), (HttpMethod.Post, "/api/v4/version") })
        {
            using var response = await _admin.SendAsync(new HttpRequestMessage(method, path));
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, $"{method} {path}");
            text.Should().Be("{\"error\":\"404 Not Found\"}");
        }
    }

    [Fact]
    public async Task Errors_carry_GitLabs_message_strings_and_validation_maps()
    {
        using var missing = await _admin.GetAsync("/api/v4/projects/demo%2Fnothing");
        (await JsonAsync(missing)).GetProperty("message").GetString().Should().Be("404 Project Not Found");

        using var taken = await _admin.PostAsJsonAsync("/api/v4/groups", new { name = "Demo", path = "demo" });
        taken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await JsonAsync(taken);
        body.GetProperty("message").GetProperty("path").EnumerateArray().Select(static e => e.GetString()).Should().Equal("has already been taken");
        body.GetProperty("status").GetInt32().Should().Be(400);

        using var invalid = await _admin.PostAsJsonAsync("/api/v4/groups", new { path = "x" });
        var grape = await JsonAsync(invalid);
        grape.GetProperty("error").GetString().Should().Be("name is missing");
        grape.GetProperty("message").GetString().Should().Be("name is missing");
    }

    [Fact]
    public async Task Version_and_metadata_answer_signed_in_callers()
    {
        using var version = await _admin.GetAsync("/api/v4/version");
        var document = await JsonAsync(version);
        document.GetProperty("version").GetString().Should().MatchRegex(@"^\d+\.\d+\.\d+");
        document.GetProperty("revision").GetString().Should().NotBeNullOrEmpty();

        using var metadata = await _admin.GetAsync("/api/v4/metadata");
        var meta = await JsonAsync(metadata);
        meta.GetProperty("version").GetString().Should().Be(document.GetProperty("version").GetString());
        meta.GetProperty("kas").GetProperty("enabled").GetBoolean().Should().BeFalse();

        using var anonymous = _factory.CreateClient();
        (await anonymous.GetAsync("/api/v4/version")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Members_are_listed_direct_and_inherited_to_those_who_see_the_project()
    {
        var (dev, devToken) = await _factory.CreateUserAsync("dev");
        var (_, strangerToken) = await _factory.CreateUserAsync("stranger");
        await PostAsync(_admin, "/api/v4/groups", new { name = "Corp", path = "corp", visibility = "private" });
        await PostAsync(_admin, "/api/v4/projects", new { name = "svc", namespace_id = "corp" });
        await PostAsync(_admin, "/api/v4/projects/corp%2Fsvc/members", new { user_id = dev.Id, access_level = 30 });

        using var devClient = Client(devToken);
        var direct = await GetArrayAsync(devClient, "/api/v4/projects/corp%2Fsvc/members");
        direct.Select(static m => (m.GetProperty("username").GetString(), m.GetProperty("access_level").GetInt32())).Should().Equal(("dev", 30));
        var all = await GetArrayAsync(devClient, "/api/v4/projects/corp%2Fsvc/members/all");
        all.Select(static m => (m.GetProperty("username").GetString(), m.GetProperty("access_level").GetInt32())).Should().Equal(("admin", 50), ("dev", 30));
        using var one = await devClient.GetAsync($"/api/v4/projects/corp%2Fsvc/members/{dev.Id}");
        (await JsonAsync(one)).GetProperty("access_level").GetInt32().Should().Be(30);
        (await devClient.GetAsync("/api/v4/projects/corp%2Fsvc/members/admin")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await devClient.GetAsync("/api/v4/projects/corp%2Fsvc/members/all/admin")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await GetArrayAsync(_admin, "/api/v4/groups/corp/members")).Select(static m => m.GetProperty("username").GetString()).Should().Equal("admin");

        using var stranger = Client(strangerToken);
        (await stranger.GetAsync("/api/v4/projects/corp%2Fsvc/members")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deploy_tokens_are_listed_to_maintainers_without_their_text()
    {
        var (dev, devToken) = await _factory.CreateUserAsync("dev");
        await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/members", new { user_id = dev.Id, access_level = 30 });
        var created = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/deploy_tokens", new { name = "reader", scopes = ReadScope });
        var id = created.GetProperty("id").GetInt64();
        var revoked = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/deploy_tokens", new { name = "old", scopes = ReadScope });
        (await _admin.DeleteAsync($"/api/v4/projects/demo%2Fapp/deploy_tokens/{revoked.GetProperty("id").GetInt64()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var listed = await GetArrayAsync(_admin, "/api/v4/projects/demo%2Fapp/deploy_tokens");
        listed.Select(static t => (t.GetProperty("name").GetString(), t.GetProperty("revoked").GetBoolean())).Should().Equal(("reader", false), ("old", true));
        listed.Select(static t => t.TryGetProperty("token", out _)).Should().NotContain(true);
        (await GetArrayAsync(_admin, "/api/v4/projects/demo%2Fapp/deploy_tokens?active=true")).Should().ContainSingle();
        using var one = await _admin.GetAsync($"/api/v4/projects/demo%2Fapp/deploy_tokens/{id}");
        (await JsonAsync(one)).GetProperty("username").GetString().Should().Be($"gitlab+deploy-token-{id}");

        using var devClient = Client(devToken);
        (await devClient.GetAsync("/api/v4/projects/demo%2Fapp/deploy_tokens")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Personal_access_tokens_are_listed_to_their_owner_and_administrators()
    {
        var (user, token) = await _factory.CreateUserAsync("owner");
        var (_, otherToken) = await _factory.CreateUserAsync("other");
        using var client = Client(token);

        var own = await GetArrayAsync(client, "/api/v4/personal_access_tokens");
        own.Should().ContainSingle().Which.GetProperty("user_id").GetInt64().Should().Be(user.Id);
        own[0].TryGetProperty("token", out _).Should().BeFalse();
        using var self = await client.GetAsync("/api/v4/personal_access_tokens/self");
        var selfDocument = await JsonAsync(self);
        selfDocument.GetProperty("id").GetInt64().Should().Be(own[0].GetProperty("id").GetInt64());
        selfDocument.GetProperty("active").GetBoolean().Should().BeTrue();

        using var otherClient = Client(otherToken);
        (await otherClient.GetAsync($"/api/v4/personal_access_tokens/{own[0].GetProperty("id").GetInt64()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherClient.GetAsync($"/api/v4/personal_access_tokens?user_id={user.Id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await GetArrayAsync(_admin, $"/api/v4/personal_access_tokens?user_id={user.Id}")).Should().ContainSingle();

        (await client.DeleteAsync("/api/v4/personal_access_tokens/self")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/v4/user")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await GetArrayAsync(_admin, $"/api/v4/personal_access_tokens?user_id={user.Id}&state=inactive")).Should().ContainSingle()
            .Which.GetProperty("revoked").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Subgroups_descendants_and_group_projects_show_only_what_the_caller_sees()
    {
        var (_, devToken) = await _factory.CreateUserAsync("dev");
        await PostAsync(_admin, "/api/v4/groups", new { name = "Org", path = "org", visibility = "internal" });
        await PostAsync(_admin, "/api/v4/groups", new { name = "Open", path = "open", parent_id = "org", visibility = "internal" });
        await PostAsync(_admin, "/api/v4/groups", new { name = "Deep", path = "deep", parent_id = "org/open", visibility = "internal" });
        await PostAsync(_admin, "/api/v4/groups", new { name = "Secret", path = "secret", parent_id = "org", visibility = "private" });
        await PostAsync(_admin, "/api/v4/projects", new { name = "top", namespace_id = "org", visibility = "internal" });
        await PostAsync(_admin, "/api/v4/projects", new { name = "deep", namespace_id = "org/open/deep", visibility = "internal" });
        await PostAsync(_admin, "/api/v4/projects", new { name = "hidden", namespace_id = "org/secret" });

        using var devClient = Client(devToken);
        (await GetArrayAsync(devClient, "/api/v4/groups/org/subgroups")).Select(Path).Should().Equal("org/open");
        (await GetArrayAsync(_admin, "/api/v4/groups/org/subgroups")).Select(Path).Should().Equal("org/open", "org/secret");
        (await GetArrayAsync(devClient, "/api/v4/groups/org/descendant_groups")).Select(Path).Should().Equal("org/open", "org/open/deep");
        (await GetArrayAsync(devClient, "/api/v4/groups/org/projects")).Select(ProjectPath).Should().Equal("org/top");
        (await GetArrayAsync(devClient, "/api/v4/groups/org/projects?include_subgroups=true")).Select(ProjectPath).Should().Equal("org/open/deep/deep", "org/top");
        (await GetArrayAsync(_admin, "/api/v4/groups/org/projects?include_subgroups=true")).Select(ProjectPath).Should().Equal("org/open/deep/deep", "org/secret/hidden", "org/top");
        (await devClient.GetAsync("/api/v4/groups/org%2Fsecret/projects")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        static string? Path(JsonElement group) => group.GetProperty("full_path").GetString();
        static string? ProjectPath(JsonElement project) => project.GetProperty("path_with_namespace").GetString();
    }

    [Fact]
    public async Task Deleting_a_project_needs_its_owner_and_takes_its_packages_and_tokens_with_it()
    {
        var (maintainer, maintainerToken) = await _factory.CreateUserAsync("maint");
        await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/members", new { user_id = maintainer.Id, access_level = 40 });
        (await _admin.PutAsync("/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/tool.bin", new ByteArrayContent([1, 2, 3]))).StatusCode.Should().Be(HttpStatusCode.Created);
        var deploy = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/deploy_tokens", new { name = "r", scopes = ReadScope });

        using var maintainerClient = Client(maintainerToken);
        (await maintainerClient.DeleteAsync("/api/v4/projects/demo%2Fapp")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var deleted = await _admin.DeleteAsync("/api/v4/projects/demo%2Fapp");
        deleted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await deleted.Content.ReadAsStringAsync()).Should().Be("{\"message\":\"202 Accepted\"}");
        (await _admin.GetAsync("/api/v4/projects/demo%2Fapp")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var deployClient = _factory.CreateClient();
        deployClient.DefaultRequestHeaders.Add("Deploy-Token", deploy.GetProperty("token").GetString());
        (await deployClient.GetAsync("/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/tool.bin")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // The bytes stay until the collector runs, which finds that nothing refers to them any more.
        _factory.StoredFiles().Should().ContainSingle();
        (await _factory.Services.GetRequiredService<Registry.Core.Storage.IPackageStore>().PurgePendingDestructionAsync(default)).Should().ContainSingle();
        (await _admin.DeleteAsync("/api/v4/projects/demo%2Fapp")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_a_group_needs_its_owner_and_takes_the_subtree()
    {
        var (maintainer, maintainerToken) = await _factory.CreateUserAsync("maint");
        await PostAsync(_admin, "/api/v4/groups/demo/members", new { user_id = maintainer.Id, access_level = 40 });
        await PostAsync(_admin, "/api/v4/groups", new { name = "Sub", path = "sub", parent_id = "demo" });

        using var maintainerClient = Client(maintainerToken);
        (await maintainerClient.DeleteAsync("/api/v4/groups/demo")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        using var deleted = await _admin.DeleteAsync("/api/v4/groups/demo");
        deleted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await JsonAsync(deleted)).GetProperty("message").GetString().Should().Be("202 Accepted");
        (await _admin.GetAsync("/api/v4/groups/demo%2Fsub")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _admin.GetAsync("/api/v4/projects/demo%2Fapp")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_administrators_delete_users_and_the_users_tokens_stop_working()
    {
        var (user, token) = await _factory.CreateUserAsync("leaver");
        using var client = Client(token);
        (await client.DeleteAsync($"/api/v4/users/{user.Id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await _admin.DeleteAsync($"/api/v4/users/{user.Id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.GetAsync("/api/v4/user")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _admin.GetAsync($"/api/v4/users/{user.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _admin.DeleteAsync($"/api/v4/users/{user.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        _factory.Services.GetRequiredService<DirectoryDeleter>().Should().NotBeNull();
    }

    private HttpClient Client(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("PRIVATE-TOKEN", token);
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement[]> GetArrayAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return [.. JsonDocument.Parse(text).RootElement.Clone().EnumerateArray()];
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
