using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Generic;
using Registry.Testing;

namespace Registry.Formats.Tests.Harness;

/// <summary>
/// A host that brings its own users and projects and does not call <c>UseEmbeddedDirectory()</c>: it gets no directory
/// routes, yet the registry (here, a group's package settings) still works over the host's directory.
/// </summary>
public sealed class HostOwnedDirectoryTests
{
    private const string AdminToken = "host-admin-token";

    private static readonly Group Team = new()
    {
        Id = 7,
        Name = "team",
        Path = "team",
        FullPath = "team",
        Visibility = ProjectVisibility.Private,
    };

    [Fact]
    public async Task Without_the_embedded_directory_the_directory_api_is_not_mapped_but_package_settings_are()
    {
        await using var app = await StartAsync();
        using var client = app.GetTestClient();

        app.Services.GetService<IDirectoryAdministration>().Should().BeNull();

        using (var createUser = Request(HttpMethod.Post, "/api/v4/users"))
        {
            createUser.Content = JsonContent.Create(new { username = "someone", name = "Someone" });
            (await client.SendAsync(createUser)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using (var listGroups = Request(HttpMethod.Get, "/api/v4/groups"))
        {
            (await client.SendAsync(listGroups)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using (var update = Request(HttpMethod.Put, "/api/v4/groups/team/packages/settings"))
        {
            update.Content = JsonContent.Create(new { generic_duplicates_allowed = false });
            var response = await client.SendAsync(update);
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        using (var read = Request(HttpMethod.Get, "/api/v4/groups/7/packages/settings"))
        {
            var response = await client.SendAsync(read);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"generic_duplicates_allowed\":false");
        }

        using (var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/v4/groups/7/packages/settings"))
        {
            (await client.SendAsync(anonymous)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_host_without_any_directory_is_told_what_to_register()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPackageRegistry().UseInMemoryStorage().AddGeneric();
        await using var app = builder.Build();

        var map = () => app.MapPackageRegistry();

        map.Should().Throw<InvalidOperationException>().WithMessage("*UseEmbeddedDirectory()*");
    }

    private static HttpRequestMessage Request(HttpMethod method, string url)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("PRIVATE-TOKEN", AdminToken);
        return request;
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton<HostDirectory>();
        builder.Services.AddSingleton<IProjectDirectory>(sp => sp.GetRequiredService<HostDirectory>());
        builder.Services.AddSingleton<ICredentialValidator>(sp => sp.GetRequiredService<HostDirectory>());
        builder.Services.AddPackageRegistry().UseInMemoryStorage().AddGeneric();
        var app = builder.Build();
        app.MapPackageRegistry();
        await app.StartAsync();
        return app;
    }

    /// <summary>The host's own identity: one administrator and one group, nothing stored by the registry.</summary>
    private sealed class HostDirectory : IProjectDirectory, ICredentialValidator
    {
        public Task<Project?> FindProjectOrNullAsync(string idOrFullPath, CancellationToken cancellationToken) => Task.FromResult<Project?>(null);

        public Task<Group?> FindGroupOrNullAsync(string idOrFullPath, CancellationToken cancellationToken) =>
            Task.FromResult(idOrFullPath is "7" or "team" ? Team : null);

        public Task<IReadOnlyList<Project>> ListGroupProjectsAsync(long groupId, bool excludeSubgroups, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Project>>([]);

        public Task<AccessLevel> GetAccessLevelAsync(long userId, Project project, CancellationToken cancellationToken) => Task.FromResult(AccessLevel.None);

        public Task<bool> IsJobTokenAllowedAsync(long targetProjectId, long sourceProjectId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<RegistryPrincipal?> ValidateOrNullAsync(string token, CancellationToken cancellationToken) =>
            Task.FromResult(token == AdminToken
                ? new RegistryPrincipal { Kind = PrincipalKind.User, UserId = 1, DisplayName = "admin", IsAdmin = true, Scopes = TokenScopes.Api }
                : null);
    }
}
