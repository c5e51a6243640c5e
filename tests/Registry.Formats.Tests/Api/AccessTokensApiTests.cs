using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;
using Xunit;

namespace Registry.Formats.Tests.Api;

/// <summary>
/// Project and group access tokens over HTTP as GitLab's APIs define them: created by maintainers (projects) and owners
/// (groups) up to their own role, answered once with the token, working with package clients exactly as a personal
/// access token does (its bot's role decides what it may do), and failing at once when revoked or rotated.
/// </summary>
public sealed class AccessTokensApiTests : IDisposable
{
    private static readonly string[] Api = ["api"];
    private static readonly string[] ReadApi = ["read_api"];
    private static readonly string[] ContainerRegistry = ["read_registry", "write_registry"];
    private static readonly string[] Sudo = ["sudo"];
    private static readonly string[] WritePackageRegistry = ["write_package_registry"];
    private readonly SampleHostFactory _factory = new();
    private readonly HttpClient _admin;

    public AccessTokensApiTests()
    {
        _admin = Client(SampleHostFactory.AdminToken);
    }

    public void Dispose()
    {
        _admin.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_maintainer_creates_a_project_token_that_publishes_as_its_bot_until_it_is_revoked()
    {
        using var maintainer = await MemberAsync("maint", "projects/demo%2Fapp", 40);

        var created = await PostAsync(maintainer, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "ci-bot", scopes = Api, access_level = 30, expires_at = "2099-01-31" }, HttpStatusCode.Created);
        created.GetProperty("name").GetString().Should().Be("ci-bot");
        created.GetProperty("access_level").GetInt32().Should().Be(30);
        created.GetProperty("scopes").EnumerateArray().Select(static s => s.GetString()).Should().Equal("api");
        created.GetProperty("expires_at").GetString().Should().Be("2099-01-31");
        created.GetProperty("active").GetBoolean().Should().BeTrue();
        created.GetProperty("revoked").GetBoolean().Should().BeFalse();
        var text = created.GetProperty("token").GetString() ?? string.Empty;
        text.Should().StartWith("glpat-");
        var tokenId = created.GetProperty("id").GetInt64();
        var botId = created.GetProperty("user_id").GetInt64();

        // The bot is a user of its own kind, a member of the project at the token's role.
        var bot = await GetAsync(_admin, $"/api/v4/users/{botId}", HttpStatusCode.OK);
        bot.GetProperty("bot").GetBoolean().Should().BeTrue();
        bot.GetProperty("name").GetString().Should().Be("ci-bot");
        bot.GetProperty("username").GetString().Should().StartWith("project_").And.Contain("_bot_");
        var members = await GetAsync(_admin, "/api/v4/projects/demo%2Fapp/members", HttpStatusCode.OK);
        members.EnumerateArray().Should().Contain(m => m.GetProperty("id").GetInt64() == botId && m.GetProperty("access_level").GetInt32() == 30);

        // It works with every credential convention a package client uses.
        using (var privateToken = Client(text))
        {
            (await PutGenericAsync(privateToken, "1.0.0")).Should().Be(HttpStatusCode.Created);
        }

        using (var basic = _factory.CreateClient())
        {
            basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("any-user:" + text)));
            (await PutGenericAsync(basic, "1.0.1")).Should().Be(HttpStatusCode.Created);
            using var download = await basic.GetAsync("/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.1/tool.bin");
            download.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // Listed without its text; the single token too.
        var listed = await GetAsync(maintainer, "/api/v4/projects/demo%2Fapp/access_tokens", HttpStatusCode.OK);
        listed.EnumerateArray().Should().ContainSingle().Which.TryGetProperty("token", out _).Should().BeFalse();
        var single = await GetAsync(maintainer, $"/api/v4/projects/demo%2Fapp/access_tokens/{tokenId}", HttpStatusCode.OK);
        single.GetProperty("user_id").GetInt64().Should().Be(botId);
        single.TryGetProperty("token", out _).Should().BeFalse();

        using (var revoke = await maintainer.DeleteAsync($"/api/v4/projects/demo%2Fapp/access_tokens/{tokenId}"))
        {
            revoke.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using (var revoked = Client(text))
        {
            (await PutGenericAsync(revoked, "1.0.2")).Should().Be(HttpStatusCode.Unauthorized);
        }

        var after = await GetAsync(maintainer, $"/api/v4/projects/demo%2Fapp/access_tokens/{tokenId}", HttpStatusCode.OK);
        after.GetProperty("revoked").GetBoolean().Should().BeTrue();
        after.GetProperty("active").GetBoolean().Should().BeFalse();
        (await GetAsync(maintainer, "/api/v4/projects/demo%2Fapp/access_tokens?state=active", HttpStatusCode.OK)).GetArrayLength().Should().Be(0);
        (await GetAsync(maintainer, "/api/v4/projects/demo%2Fapp/access_tokens?state=inactive", HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task The_role_decides_what_a_token_may_do_and_read_api_reads_but_never_writes()
    {
        var reporter = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "reader", scopes = Api, access_level = 20 }, HttpStatusCode.Created);
        using (var client = Client(reporter.GetProperty("token").GetString() ?? string.Empty))
        {
            (await PutGenericAsync(client, "2.0.0")).Should().Be(HttpStatusCode.Forbidden);
        }

        var developer = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "dev", scopes = Api, access_level = 30 }, HttpStatusCode.Created);
        using (var client = Client(developer.GetProperty("token").GetString() ?? string.Empty))
        {
            (await PutGenericAsync(client, "2.0.0")).Should().Be(HttpStatusCode.Created);
        }

        var readOnly = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "ro", scopes = ReadApi, access_level = 40 }, HttpStatusCode.Created);
        using (var client = Client(readOnly.GetProperty("token").GetString() ?? string.Empty))
        {
            (await PutGenericAsync(client, "2.0.1")).Should().Be(HttpStatusCode.Forbidden);
            using var download = await client.GetAsync("/api/v4/projects/demo%2Fapp/packages/generic/tool/2.0.0/tool.bin");
            download.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // A container registry scope is a valid access token scope on GitLab, and grants nothing in the package registry.
        var registryOnly = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "cr", scopes = ContainerRegistry, access_level = 40 }, HttpStatusCode.Created);
        using (var client = Client(registryOnly.GetProperty("token").GetString() ?? string.Empty))
        {
            using var download = await client.GetAsync("/api/v4/projects/demo%2Fapp/packages/generic/tool/2.0.0/tool.bin");
            download.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Only_maintainers_manage_project_tokens_and_nobody_grants_above_their_own_role()
    {
        using var developer = await MemberAsync("developer", "projects/demo%2Fapp", 30);
        using var maintainer = await MemberAsync("maintainer", "projects/demo%2Fapp", 40);
        var (_, outsiderToken) = await _factory.CreateUserAsync("outsider");
        using var outsider = Client(outsiderToken);

        await ExpectAsync(developer, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = Api }, HttpStatusCode.Forbidden);
        await ExpectAsync(developer, HttpMethod.Get, "/api/v4/projects/demo%2Fapp/access_tokens", null, HttpStatusCode.Forbidden);
        await ExpectAsync(outsider, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = Api }, HttpStatusCode.NotFound);
        using (var anonymous = _factory.CreateClient())
        {
            await ExpectAsync(anonymous, HttpMethod.Get, "/api/v4/projects/demo%2Fapp/access_tokens", null, HttpStatusCode.Unauthorized);
        }

        var refused = await ExpectAsync(maintainer, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = Api, access_level = 50 }, HttpStatusCode.BadRequest);
        refused.GetProperty("message").GetString().Should().Be("400 Bad request - Access level of the token can't be greater the access level of the user who created the token");

        // Bad parameters name themselves; none of them leaves a token or a bot behind.
        await ExpectAsync(maintainer, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { scopes = Api }, HttpStatusCode.BadRequest);
        await ExpectAsync(maintainer, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t" }, HttpStatusCode.BadRequest);
        await ExpectAsync(maintainer, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = Sudo }, HttpStatusCode.BadRequest);
        await ExpectAsync(maintainer, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = WritePackageRegistry }, HttpStatusCode.BadRequest);
        await ExpectAsync(maintainer, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = Api, access_level = 35 }, HttpStatusCode.BadRequest);
        await ExpectAsync(maintainer, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = Api, expires_at = "2001-01-01" }, HttpStatusCode.BadRequest);
        (await GetAsync(maintainer, "/api/v4/projects/demo%2Fapp/access_tokens", HttpStatusCode.OK)).GetArrayLength().Should().Be(0);
        (await GetAsync(_admin, "/api/v4/projects/demo%2Fapp/members", HttpStatusCode.OK)).EnumerateArray()
            .Select(static m => m.GetProperty("username").GetString()).Should().NotContain(static name => name != null && name.Contains("_bot_"));

        // The default role is Maintainer, which a maintainer may grant.
        var created = await PostAsync(maintainer, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = Api }, HttpStatusCode.Created);
        created.GetProperty("access_level").GetInt32().Should().Be(40);
        await ExpectAsync(developer, HttpMethod.Delete, $"/api/v4/projects/demo%2Fapp/access_tokens/{created.GetProperty("id").GetInt64()}", null, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_read_api_token_lists_tokens_but_only_an_api_token_creates_them()
    {
        var user = await _factory.Directory.TryCreateUserAsync("reader", "reader", false, default) ?? throw new InvalidOperationException("user exists");
        var app = await _factory.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", default) ?? throw new InvalidOperationException("no demo/app");
        await _factory.Directory.SetProjectMemberAsync(app.Id, user.Id, AccessLevel.Maintainer, default);
        var token = await _factory.Directory.CreatePersonalAccessTokenAsync(user.Id, "ro", Registry.Core.Security.TokenScopes.ReadApi, null, null, default);
        using var client = Client(token.Token);

        await GetAsync(client, "/api/v4/projects/demo%2Fapp/access_tokens", HttpStatusCode.OK);
        await ExpectAsync(client, HttpMethod.Post, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "t", scopes = Api }, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Owners_manage_group_tokens_which_reach_the_groups_projects()
    {
        using var groupMaintainer = await MemberAsync("gm", "groups/demo", 40);
        using var groupOwner = await MemberAsync("go", "groups/demo", 50);

        await ExpectAsync(groupMaintainer, HttpMethod.Post, "/api/v4/groups/demo/access_tokens", new { name = "g", scopes = Api }, HttpStatusCode.Forbidden);
        var created = await PostAsync(groupOwner, "/api/v4/groups/demo/access_tokens", new { name = "group-ci", scopes = Api, access_level = 30 }, HttpStatusCode.Created);
        var bot = await GetAsync(_admin, $"/api/v4/users/{created.GetProperty("user_id").GetInt64()}", HttpStatusCode.OK);
        bot.GetProperty("username").GetString().Should().StartWith("group_");

        using (var client = Client(created.GetProperty("token").GetString() ?? string.Empty))
        {
            (await PutGenericAsync(client, "3.0.0")).Should().Be(HttpStatusCode.Created);
        }

        (await GetAsync(groupOwner, "/api/v4/groups/demo/access_tokens", HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
        (await GetAsync(_admin, "/api/v4/projects/demo%2Fapp/access_tokens", HttpStatusCode.OK)).GetArrayLength().Should().Be(0);
        await ExpectAsync(groupOwner, HttpMethod.Delete, $"/api/v4/projects/demo%2Fapp/access_tokens/{created.GetProperty("id").GetInt64()}", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rotation_answers_a_new_token_and_ends_the_old_one_at_once()
    {
        var created = await PostAsync(_admin, "/api/v4/projects/demo%2Fapp/access_tokens", new { name = "rot", scopes = Api, access_level = 30 }, HttpStatusCode.Created);
        var oldText = created.GetProperty("token").GetString() ?? string.Empty;
        var id = created.GetProperty("id").GetInt64();

        using var response = await _admin.PostAsJsonAsync($"/api/v4/projects/demo%2Fapp/access_tokens/{id}/rotate", new { expires_at = "2099-06-30" });
        var rotated = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        response.StatusCode.Should().Be(HttpStatusCode.OK, rotated.ToString());
        rotated.GetProperty("id").GetInt64().Should().NotBe(id);
        rotated.GetProperty("user_id").GetInt64().Should().Be(created.GetProperty("user_id").GetInt64());
        rotated.GetProperty("expires_at").GetString().Should().Be("2099-06-30");
        rotated.GetProperty("access_level").GetInt32().Should().Be(30);

        using (var old = Client(oldText))
        {
            (await PutGenericAsync(old, "4.0.0")).Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var fresh = Client(rotated.GetProperty("token").GetString() ?? string.Empty))
        {
            (await PutGenericAsync(fresh, "4.0.0")).Should().Be(HttpStatusCode.Created);
        }

        await ExpectAsync(_admin, HttpMethod.Post, $"/api/v4/projects/demo%2Fapp/access_tokens/{id}/rotate", new { }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Deleting_the_project_removes_its_bots_with_their_tokens()
    {
        var group = await PostAsync(_admin, "/api/v4/groups", new { name = "Gone", path = "gone" }, HttpStatusCode.Created);
        await PostAsync(_admin, "/api/v4/projects", new { name = "tmp", namespace_id = group.GetProperty("id").GetInt64() }, HttpStatusCode.Created);
        var created = await PostAsync(_admin, "/api/v4/projects/gone%2Ftmp/access_tokens", new { name = "t", scopes = Api }, HttpStatusCode.Created);

        using (var delete = await _admin.DeleteAsync("/api/v4/projects/gone%2Ftmp"))
        {
            delete.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        await GetAsync(_admin, $"/api/v4/users/{created.GetProperty("user_id").GetInt64()}", HttpStatusCode.NotFound);
        using var client = Client(created.GetProperty("token").GetString() ?? string.Empty);
        using var me = await client.GetAsync("/api/v4/user");
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpClient> MemberAsync(string username, string source, int accessLevel)
    {
        var (user, token) = await _factory.CreateUserAsync(username);
        await PostAsync(_admin, $"/api/v4/{source}/members", new { user_id = user.Id, access_level = accessLevel }, HttpStatusCode.Created);
        return Client(token);
    }

    private static async Task<HttpStatusCode> PutGenericAsync(HttpClient client, string version)
    {
        using var response = await client.PutAsync($"/api/v4/projects/demo%2Fapp/packages/generic/tool/{version}/tool.bin", new ByteArrayContent([1, 2, 3]));
        return response.StatusCode;
    }

    private HttpClient Client(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("PRIVATE-TOKEN", token);
        return client;
    }

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, HttpStatusCode expected) =>
        await ExpectAsync(client, HttpMethod.Post, path, body, expected);

    private static async Task<JsonElement> GetAsync(HttpClient client, string path, HttpStatusCode expected) =>
        await ExpectAsync(client, HttpMethod.Get, path, null, expected);

    private static async Task<JsonElement> ExpectAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, text);
        if (text.Length == 0)
        {
            return default;
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
