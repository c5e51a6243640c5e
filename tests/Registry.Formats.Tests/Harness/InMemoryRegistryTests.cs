using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Generic;
using Registry.Storage;
using Registry.Testing;

namespace Registry.Formats.Tests.Harness;

/// <summary>The README's "A whole registry in a test", as written there.</summary>
public sealed class InMemoryRegistryTests
{
    [Fact]
    public async Task A_test_suite_starts_a_whole_registry_in_process_and_throws_it_away()
    {
        var clock = Stopwatch.StartNew();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPackageRegistry().UseInMemoryStorage().UseEmbeddedDirectory().AddGeneric();
        await using var app = builder.Build();
        app.MapPackageRegistry();
        await app.StartAsync();

        var admin = app.Services.GetRequiredService<IDirectoryAdministration>();
        var user = await admin.TryCreateUserAsync("ci", "CI", isAdmin: false, default);
        var group = await admin.TryCreateGroupAsync("tools", "tools", null, ProjectVisibility.Private, default);
        var project = await admin.TryCreateProjectAsync("cli", "cli", group!.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default);
        await admin.SetProjectMemberAsync(project!.Id, user!.Id, AccessLevel.Developer, default);
        var token = await admin.CreatePersonalAccessTokenAsync(user.Id, "test", TokenScopes.Api, null, null, default);

        using var client = app.GetTestClient();
        var url = "/api/v4/projects/tools%2Fcli/packages/generic/cli/2.0.0/cli.tar.gz";
        var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent("archive"u8.ToArray()) };
        put.Headers.Add("PRIVATE-TOKEN", token.Token);
        (await client.SendAsync(put)).StatusCode.Should().Be(HttpStatusCode.Created);

        var get = new HttpRequestMessage(HttpMethod.Get, url);
        get.Headers.Add("PRIVATE-TOKEN", token.Token);
        var response = await client.SendAsync(get);
        (await response.Content.ReadAsStringAsync()).Should().Be("archive");

        // Printed, not asserted: timing assertions fail on a loaded shared machine.
        Console.WriteLine($"in-memory registry: started, seeded and round-tripped a file in {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Two_in_memory_registries_do_not_share_state()
    {
        await using var first = await StartAsync();
        await using var second = await StartAsync();

        await first.Services.GetRequiredService<IDirectoryAdministration>().TryCreateUserAsync("only-here", "x", false, default);

        (await second.Services.GetRequiredService<IDirectoryAdministration>().FindUserOrNullAsync("only-here", default)).Should().BeNull();
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddPackageRegistry().UseInMemoryStorage().UseEmbeddedDirectory().AddGeneric();
        var app = builder.Build();
        app.MapPackageRegistry();
        await app.StartAsync();
        return app;
    }
}
