using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FluentAssertions;
using Registry.Formats.Tests.Infrastructure;
using Xunit;

namespace Registry.Formats.Tests.Api;

/// <summary>
/// The directory API over HTTP, as a GitLab script drives it: users, groups, projects, members, tokens, jobs and the
/// job token allowlist, with GitLab's status codes and the bodies of its refusals.
/// </summary>
public sealed class DirectoryApiTests : IDisposable
{
    private static readonly string[] ApiScope = ["api"];
    private static readonly string[] SudoScope = ["sudo"];
    private static readonly string[] ReadApiScope = ["read_api"];
    private static readonly string[] WriteRegistryScope = ["write_package_registry"];
    private readonly SampleHostFactory _factory = new();
    private readonly HttpClient _admin;

    public DirectoryApiTests()
    {
        _admin = Client(SampleHostFactory.AdminToken);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Admin_builds_a_group_tree_with_a_project_and_a_member_whose_token_publishes()
    {
        var group = await PostAsync(_admin, "/api/v4/groups", new { name = "Acme", path = "acme", visibility = "private" });
        var sub = await PostAsync(_admin, "/api/v4/groups", new { name = "Tools", path = "tools", parent_id = group.GetProperty("id").GetInt64() });
        sub.GetProperty("full_path").GetString().Should().Be("acme/tools");
        var project = await PostAsync(_admin, "/api/v4/projects", new { name = "Widget", namespace_id = sub.GetProperty("id").GetInt64() });
        project.GetProperty("path_with_namespace").GetString().Should().Be("acme/tools/widget");
        project.GetProperty("package_registry_access_level").GetString().Should().Be("enabled");
        project.GetProperty("visibility").GetString().Should().Be("private");

        var user = await PostAsync(_admin, "/api/v4/users", new { username = "dev", name = "Dev", email = "dev@example.com" });
        var userId = user.GetProperty("id").GetInt64();
        var member = await PostAsync(_admin, $"/api/v4/projects/{project.GetProperty("id").GetInt64()}/members", new { user_id = userId, access_level = 30 });
        member.GetProperty("access_level").GetInt32().Should().Be(30);
        var token = await PostAsync(_admin, $"/api/v4/users/{userId}/personal_access_tokens", new { name = "ci", scopes = ApiScope, expires_at = "2099-01-01" });
        token.GetProperty("scopes").EnumerateArray().Select(static s => s.GetString()).Should().Equal("api");
        token.GetProperty("expires_at").GetString().Should().Be("2099-01-01");

        using var dev = Client(token.GetProperty("token").GetString() ?? string.Empty);
        using var put = await dev.PutAsync("/api/v4/projects/acme%2Ftools%2Fwidget/packages/generic/w/1.0.0/w.bin", new ByteArrayContent([1, 2, 3]));
        put.StatusCode.Should().Be(HttpStatusCode.Created);

        using var me = await dev.GetAsync("/api/v4/user");
        (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("username").GetString().Should().Be("dev");
    }

    [Fact]
    public async Task Form_bodies_work_as_with_curl_data()
    {
        using var response = await _admin.PostAsync("/api/v4/groups", new FormUrlEncodedContent([new("name", "Form"), new("path", "form"), new("visibility", "public")]));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var group = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var tokenResponse = await _admin.PostAsync(
            $"/api/v4/groups/{group.GetProperty("id").GetInt64()}/deploy_tokens",
            new FormUrlEncodedContent([new("name", "d"), new("scopes[]", "read_package_registry"), new("scopes[]", "write_package_registry")]));
        tokenResponse.StatusCode.Should().Be(HttpStatusCode.Created);
        var token = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        token.GetProperty("username").GetString().Should().StartWith("gitlab+deploy-token-");
        token.GetProperty("scopes").GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task Bad_input_answers_problem_details_naming_the_parameter_and_creates_nothing()
    {
        await ExpectProblemAsync(_admin, "/api/v4/groups", new { path = "x" }, HttpStatusCode.BadRequest, "name");
        await ExpectProblemAsync(_admin, "/api/v4/groups", new { name = "x", path = "../x" }, HttpStatusCode.BadRequest, "path");
        await ExpectProblemAsync(_admin, "/api/v4/groups", new { name = "x", path = "x", visibility = "secret" }, HttpStatusCode.BadRequest, "visibility");
        await ExpectProblemAsync(_admin, "/api/v4/projects", new { name = "p" }, HttpStatusCode.BadRequest, "namespace_id");
        await ExpectProblemAsync(_admin, "/api/v4/users", new { username = "a/b", name = "x" }, HttpStatusCode.BadRequest, "username");
        await ExpectProblemAsync(_admin, "/api/v4/users/1/personal_access_tokens", new { name = "t", scopes = SudoScope }, HttpStatusCode.BadRequest, "scopes");
        await ExpectProblemAsync(_admin, "/api/v4/users/1/personal_access_tokens", new { name = "t", scopes = ApiScope, expires_at = "soon" }, HttpStatusCode.BadRequest, "expires_at");

        using var malformed = await _admin.PostAsync("/api/v4/groups", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // Strings that are not text (invalid UTF-8, an unpaired surrogate escape) are parsed and throw only when read: 400, not 500.
        foreach (var notText in new byte[][] { [.. "{\"na"u8, 0xFF, .. "me\":\"x\",\"path\":\"x\"}"u8], [.. "{\"name\":\"x"u8, 0xFF, .. "\",\"path\":\"x\"}"u8], "{\"name\":\"x\\ud800\",\"path\":\"x\"}"u8.ToArray() })
        {
            using var body = new ByteArrayContent(notText) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") } };
            using var refused = await _admin.PostAsync("/api/v4/groups", body);
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        using var groups = await _admin.GetAsync("/api/v4/groups");
        var names = (await groups.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(static g => g.GetProperty("path").GetString());
        names.Should().Equal("demo");
    }

    [Fact]
    public async Task Taken_paths_and_user_names_are_refused()
    {
        await PostAsync(_admin, "/api/v4/users", new { username = "taken", name = "T" });
        await ExpectProblemAsync(_admin, "/api/v4/users", new { username = "taken", name = "T" }, HttpStatusCode.Conflict, null);
        await ExpectProblemAsync(_admin, "/api/v4/groups", new { name = "Demo", path = "demo" }, HttpStatusCode.BadRequest, "path");
        await ExpectProblemAsync(_admin, "/api/v4/projects", new { name = "app", namespace_id = "demo" }, HttpStatusCode.BadRequest, "path");
    }

    [Fact]
    public async Task Non_admins_cannot_create_users_or_top_level_groups_but_maintainers_create_projects_in_their_group()
    {
        var (user, token) = await _factory.CreateUserAsync("maint");
        var demo = await PostAsync(_admin, "/api/v4/groups", new { name = "Team", path = "team" });
        await PostAsync(_admin, $"/api/v4/groups/{demo.GetProperty("id").GetInt64()}/members", new { user_id = user.Id, access_level = 40 });

        using var client = Client(token);
        await ExpectProblemAsync(client, "/api/v4/users", new { username = "x", name = "x" }, HttpStatusCode.Forbidden, null);
        await ExpectProblemAsync(client, "/api/v4/groups", new { name = "x", path = "x" }, HttpStatusCode.Forbidden, null);
        await ExpectProblemAsync(client, "/api/v4/projects", new { name = "app", namespace_id = "demo" }, HttpStatusCode.NotFound, null);
        var project = await PostAsync(client, "/api/v4/projects", new { name = "svc", namespace_id = "team" });
        project.GetProperty("path_with_namespace").GetString().Should().Be("team/svc");

        // A maintainer may not hand out the Owner role, nor change visibility (an owner's right).
        var other = await PostAsync(_admin, "/api/v4/users", new { username = "other", name = "O" });
        await ExpectProblemAsync(client, "/api/v4/groups/team/members", new { user_id = other.GetProperty("id").GetInt64(), access_level = 50 }, HttpStatusCode.Forbidden, null);
        await PostAsync(client, "/api/v4/groups/team/members", new { user_id = "other", access_level = 30 });
        await ExpectProblemAsync(client, "/api/v4/groups/team/members", new { user_id = "other", access_level = 20 }, HttpStatusCode.Conflict, null);
        using var update = await client.PutAsJsonAsync("/api/v4/projects/team%2Fsvc", new { visibility = "internal" });
        update.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var access = await client.PutAsJsonAsync("/api/v4/projects/team%2Fsvc", new { package_registry_access_level = "disabled" });
        access.StatusCode.Should().Be(HttpStatusCode.OK);
        (await access.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("package_registry_access_level").GetString().Should().Be("disabled");

        using var remove = await client.DeleteAsync("/api/v4/groups/team/members/other");
        remove.StatusCode.Should().Be(HttpStatusCode.NoContent);
        using var again = await client.DeleteAsync("/api/v4/groups/team/members/other");
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_disabled_registry_refuses_even_the_owner()
    {
        await PutJsonAsync(_admin, "/api/v4/projects/demo%2Fapp", new { package_registry_access_level = "disabled" }, HttpStatusCode.OK);
        using var put = await _admin.PutAsync("/api/v4/projects/demo%2Fapp/packages/generic/w/1.0.0/w.bin", new ByteArrayContent([1]));
        put.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        _factory.StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task A_public_registry_lets_anyone_pull_from_a_private_project()
    {
        using var put = await _admin.PutAsync("/api/v4/projects/demo%2Fapp/packages/generic/w/1.0.0/w.bin", new ByteArrayContent([7]));
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        using var anonymous = _factory.CreateClient();
        (await anonymous.GetAsync("/api/v4/projects/demo%2Fapp/packages/generic/w/1.0.0/w.bin")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        await PutJsonAsync(_admin, "/api/v4/projects/demo%2Fapp", new { package_registry_access_level = "public" }, HttpStatusCode.OK);
        using var pulled = await anonymous.GetAsync("/api/v4/projects/demo%2Fapp/packages/generic/w/1.0.0/w.bin");
        pulled.StatusCode.Should().Be(HttpStatusCode.OK);
        (await pulled.Content.ReadAsByteArrayAsync()).Should().Equal(7);
    }

    [Fact]
    public async Task Revoked_personal_and_deploy_tokens_stop_working()
    {
        var user = await PostAsync(_admin, "/api/v4/users", new { username = "rev", name = "R" });
        var pat = await PostAsync(_admin, $"/api/v4/users/{user.GetProperty("id").GetInt64()}/personal_access_tokens", new { name = "t", scopes = ReadApiScope });
        using var patClient = Client(pat.GetProperty("token").GetString() ?? string.Empty);
        (await patClient.GetAsync("/api/v4/user")).StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectProblemAsync(patClient, "/api/v4/groups/demo/members", new { user_id = 1, access_level = 10 }, HttpStatusCode.Forbidden, null);

        // The owner of a token may revoke it; a stranger finds nothing to revoke.
        var (_, strangerToken) = await _factory.CreateUserAsync("stranger");
        using var stranger = Client(strangerToken);
        (await stranger.DeleteAsync($"/api/v4/personal_access_tokens/{pat.GetProperty("id").GetInt64()}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _admin.DeleteAsync($"/api/v4/personal_access_tokens/{pat.GetProperty("id").GetInt64()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await patClient.GetAsync("/api/v4/user")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var deploy = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/deploy_tokens", new { name = "d", scopes = WriteRegistryScope });
        using var deployClient = Client(deploy.GetProperty("token").GetString() ?? string.Empty, "Deploy-Token");
        (await deployClient.PutAsync("/api/v4/projects/demo%2Fapp/packages/generic/d/1.0.0/d.bin", new ByteArrayContent([1]))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await deployClient.GetAsync("/api/v4/groups")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "deploy tokens do not reach the directory API");
        (await _admin.DeleteAsync($"/api/v4/groups/demo/deploy_tokens/{deploy.GetProperty("id").GetInt64()}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the token belongs to the project");
        (await _admin.DeleteAsync($"/api/v4/projects/demo%2Fapp/deploy_tokens/{deploy.GetProperty("id").GetInt64()}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await deployClient.PutAsync("/api/v4/projects/demo%2Fapp/packages/generic/d/1.0.1/d.bin", new ByteArrayContent([1]))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_job_token_publishes_with_build_info_until_the_job_finishes_and_reaches_other_projects_only_when_allowed()
    {
        var other = await PostAsync(_admin, "/api/v4/projects", new { name = "lib", namespace_id = "demo" });
        var job = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/jobs", new { pipeline_id = 77, @ref = "main", sha = "abc123" });
        job.GetProperty("status").GetString().Should().Be("running");
        using var ci = Client(job.GetProperty("token").GetString() ?? string.Empty, "Job-Token");

        (await ci.PutAsync("/api/v4/projects/demo%2Fapp/packages/generic/j/1.0.0/j.bin", new ByteArrayContent([1]))).StatusCode.Should().Be(HttpStatusCode.Created);
        using var packages = await _admin.GetAsync("/api/v4/projects/demo%2Fapp/packages");
        var pipeline = (await packages.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("pipelines")[0];
        pipeline.GetProperty("id").GetInt64().Should().Be(77);
        pipeline.GetProperty("ref").GetString().Should().Be("main");

        var otherPath = $"/api/v4/projects/{other.GetProperty("id").GetInt64()}/packages/generic/j/1.0.0/j.bin";
        (await ci.PutAsync(otherPath, new ByteArrayContent([1]))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        await PostAsync(_admin, $"/api/v4/projects/{other.GetProperty("id").GetInt64()}/job_token_scope/allowlist", new { target_project_id = "demo/app" });
        (await ci.PutAsync(otherPath, new ByteArrayContent([1]))).StatusCode.Should().Be(HttpStatusCode.Created);

        using var finish = await _admin.PostAsync($"/api/v4/projects/demo%2Fapp/jobs/{job.GetProperty("id").GetInt64()}/finish", null);
        finish.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ci.PutAsync("/api/v4/projects/demo%2Fapp/packages/generic/j/1.0.1/j.bin", new ByteArrayContent([1]))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var twice = await _admin.PostAsync($"/api/v4/projects/demo%2Fapp/jobs/{job.GetProperty("id").GetInt64()}/finish", null);
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Listings_show_what_the_caller_may_see()
    {
        await PostAsync(_admin, "/api/v4/groups", new { name = "Open", path = "open", visibility = "public" });
        await PostAsync(_admin, "/api/v4/projects", new { name = "pub", namespace_id = "open", visibility = "public" });
        await PostAsync(_admin, "/api/v4/projects", new { name = "priv", namespace_id = "open" });

        using var anonymous = _factory.CreateClient();
        using var groups = await anonymous.GetAsync("/api/v4/groups");
        (await groups.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(static g => g.GetProperty("full_path").GetString()).Should().Equal("open");
        using var projects = await anonymous.GetAsync("/api/v4/projects");
        (await projects.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(static p => p.GetProperty("path_with_namespace").GetString()).Should().Equal("open/pub");
        (await anonymous.GetAsync("/api/v4/projects/demo%2Fapp")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var (user, token) = await _factory.CreateUserAsync("viewer");
        await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/members", new { user_id = user.Id, access_level = 20 });
        using var viewer = Client(token);
        using var mine = await viewer.GetAsync("/api/v4/groups");
        (await mine.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(static g => g.GetProperty("full_path").GetString()).Should().Equal("demo", "open");
        using var page = await _admin.GetAsync("/api/v4/projects?per_page=1&page=2");
        page.Headers.GetValues("X-Total").Should().Equal("3");
        (await page.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength().Should().Be(1);
    }

    private HttpClient Client(string token, string header = "PRIVATE-TOKEN")
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add(header, token);
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task PutJsonAsync(HttpClient client, string path, object body, HttpStatusCode expected)
    {
        using var response = await client.PutAsJsonAsync(path, body);
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
    }

    private static async Task ExpectProblemAsync(HttpClient client, string path, object body, HttpStatusCode status, string? parameter)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.ToString().Should().Be("application/json");
        JsonDocument.Parse(text).RootElement.TryGetProperty("message", out _).Should().BeTrue(text);
        if (parameter is not null)
        {
            JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(text);
        }
    }
}
