using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The sample host's GitLab-shaped directory API, driven with the admin token as a GitLab script would: users,
/// groups, projects, members and the three token kinds the clients use.
/// </summary>
public sealed class DirectoryApi(SampleHostProcess host) : IDisposable
{
    private static readonly string[] ApiScope = ["api"];
    private static readonly string[] RegistryScopes = ["read_package_registry", "write_package_registry"];
    private readonly HttpClient _http = AdminClient(host);

    public void Dispose() => _http.Dispose();

    /// <summary>A client as the admin, trusting the host's test CA when it serves HTTPS.</summary>
    private static HttpClient AdminClient(SampleHostProcess host)
    {
        var http = host.CreateHttpClient();
        http.BaseAddress = new Uri(host.BaseUrl);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SampleHostProcess.AdminToken);
        return http;
    }

    /// <summary>A user who is a Developer of <paramref name="project"/>, with a personal access token (scope api).</summary>
    public async Task<(string Username, long Id, string Token)> CreateDeveloperAsync(string project)
    {
        var username = "dev-" + Guid.NewGuid().ToString("N")[..8];
        var id = (await PostAsync("/api/v4/users", new { username, name = username })).GetProperty("id").GetInt64();
        await PostAsync($"/api/v4/projects/{Uri.EscapeDataString(project)}/members", new { user_id = id, access_level = 30 });
        var token = await PostAsync($"/api/v4/users/{id}/personal_access_tokens", new { name = "e2e", scopes = ApiScope });
        return (username, id, token.GetProperty("token").GetString()!);
    }

    /// <summary>A project deploy token that reads and writes the package registry.</summary>
    public async Task<(string Name, string Token)> CreateDeployTokenAsync(string project)
    {
        var name = "deployer-" + Guid.NewGuid().ToString("N")[..8];
        var token = await PostAsync($"/api/v4/projects/{Uri.EscapeDataString(project)}/deploy_tokens", new { name, scopes = RegistryScopes });
        return (name, token.GetProperty("token").GetString()!);
    }

    /// <summary>A project access token (scope api) whose bot holds <paramref name="accessLevel"/> in <paramref name="project"/>.</summary>
    public async Task<(long Id, long BotId, string Token)> CreateProjectAccessTokenAsync(string project, int accessLevel)
    {
        var token = await PostAsync($"/api/v4/projects/{Uri.EscapeDataString(project)}/access_tokens", new { name = "e2e-bot", scopes = ApiScope, access_level = accessLevel });
        return (token.GetProperty("id").GetInt64(), token.GetProperty("user_id").GetInt64(), token.GetProperty("token").GetString()!);
    }

    /// <summary>Revokes a project access token.</summary>
    public async Task RevokeProjectAccessTokenAsync(string project, long tokenId)
    {
        using var response = await _http.DeleteAsync($"/api/v4/projects/{Uri.EscapeDataString(project)}/access_tokens/{tokenId}");
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Starts a CI job of <paramref name="project"/> run by a user; its job token (CI_JOB_TOKEN).</summary>
    public async Task<string> StartJobAsync(string project, long userId) =>
        (await PostAsync($"/api/v4/projects/{Uri.EscapeDataString(project)}/jobs", new { user_id = userId, @ref = "main", pipeline_id = 1 })).GetProperty("token").GetString()!;

    /// <summary>A public group holding a public project; the project's full path.</summary>
    public async Task<string> CreatePublicProjectAsync(string groupPath)
    {
        await PostAsync("/api/v4/groups", new { name = groupPath, path = groupPath, visibility = "public" });
        await PostAsync("/api/v4/projects", new { name = "lib", path = "lib", namespace_id = groupPath, visibility = "public" });
        return groupPath + "/lib";
    }

    /// <summary>A package protection rule in <paramref name="project"/> (GitLab's protected packages API); its id.</summary>
    public async Task<long> ProtectAsync(string project, string packageType, string pattern, string? push, string? delete = null) =>
        (await PostAsync(
            $"/api/v4/projects/{Uri.EscapeDataString(project)}/packages/protection/rules",
            new { package_name_pattern = pattern, package_type = packageType, minimum_access_level_for_push = push, minimum_access_level_for_delete = delete }))
            .GetProperty("id").GetInt64();

    /// <summary>Sets a top-level group's package quota as the administrator (the quota API); its answer.</summary>
    public async Task<JsonElement> SetQuotaAsync(string group, object limits)
    {
        using var response = await _http.PutAsJsonAsync($"/api/v4/groups/{Uri.EscapeDataString(group)}/packages/quota", limits);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"PUT quota of {group}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A group's package storage (the storage API) as the administrator.</summary>
    public async Task<JsonElement> GroupStorageAsync(string group)
    {
        using var response = await _http.GetAsync($"/api/v4/groups/{Uri.EscapeDataString(group)}/packages/storage");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"GET storage of {group}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The numeric id of a project, by its full path.</summary>
    public async Task<long> ProjectIdAsync(string project)
    {
        using var response = await _http.GetAsync($"/api/v4/projects/{Uri.EscapeDataString(project)}");
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"GET project {project}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, $"POST {path}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
