using System.Net.Http.Json;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Tests.Authorization;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Protection;

/// <summary>
/// A sample host with the group <c>acme</c> (the matrix formats' scope, vendor and namespace) whose members are a
/// developer, a maintainer and an owner, plus a group deploy token that may read and write: one project per test, so
/// each test's rules stand alone.
/// </summary>
public sealed class ProtectionHost : IAsyncLifetime
{
    private int _projects;

    public SampleHostFactory Host { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Group Group { get; private set; } = null!;

    public string Developer { get; private set; } = string.Empty;

    public string Maintainer { get; private set; } = string.Empty;

    public string Owner { get; private set; } = string.Empty;

    public string DeployToken { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Client = Host.CreateClient();
        Group = await Host.Directory.TryCreateGroupAsync(AuthorizationMatrixHost.ParentGroup, AuthorizationMatrixHost.ParentGroup, null, ProjectVisibility.Private, default)
            ?? throw new InvalidOperationException("group exists");
        Developer = await MemberAsync("dev", AccessLevel.Developer);
        Maintainer = await MemberAsync("maint", AccessLevel.Maintainer);
        Owner = await MemberAsync("own", AccessLevel.Owner);
        DeployToken = (await Host.Directory.CreateDeployTokenAsync(null, Group.Id, "ci", TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry, null, default)).Token;
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        Host.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A fresh private project in <c>acme</c>.</summary>
    public async Task<Project> NewProjectAsync()
    {
        var path = $"app{Interlocked.Increment(ref _projects)}";
        return await Host.Directory.TryCreateProjectAsync(path, path, Group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default)
            ?? throw new InvalidOperationException("project exists");
    }

    /// <summary>Creates a rule through the API as the owner; fails the test unless it answers 201.</summary>
    public async Task<JsonElement> ProtectAsync(long projectId, string type, string pattern, string? push, string? delete)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v4/projects/{projectId}/packages/protection/rules")
        {
            Content = JsonContent.Create(new Dictionary<string, string?>
            {
                ["package_name_pattern"] = pattern,
                ["package_type"] = type,
                ["minimum_access_level_for_push"] = push,
                ["minimum_access_level_for_delete"] = delete,
            }),
        };
        using var response = await Client.SendAsync(request.WithToken(Owner));
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(201, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The id of the live package of that type and exact name (case-insensitive) at any version, or null.</summary>
    public async Task<long?> FindPackageIdAsync(long projectId, string type, string name)
    {
        using var response = await Client.GetAsync(
            $"/api/v4/projects/{projectId}/packages?package_type={type}&package_name={Uri.EscapeDataString(name)}&per_page=100",
            SampleHostFactory.AdminToken);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement.EnumerateArray()
            .Where(p => string.Equals(p.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase))
            .Select(p => (long?)p.GetProperty("id").GetInt64())
            .FirstOrDefault();
    }

    private async Task<string> MemberAsync(string name, AccessLevel role)
    {
        var (user, token) = await Host.CreateUserAsync(name);
        await Host.Directory.SetGroupMemberAsync(Group.Id, user.Id, role, default);
        return token;
    }
}
