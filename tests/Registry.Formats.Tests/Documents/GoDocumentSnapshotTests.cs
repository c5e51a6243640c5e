using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Formats.Tests.Go;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Documents;

/// <summary>
/// Snapshots of the GOPROXY documents go reads (<c>@v/list</c>, <c>.info</c>, <c>@latest</c>, <c>.mod</c>), from modules
/// published over HTTP on a set clock (<see cref="GoDocumentsHost"/>).
/// </summary>
public sealed class GoDocumentSnapshotTests(GoDocumentsHost host) : IClassFixture<GoDocumentsHost>
{
    [Fact]
    public async Task Go_list_names_every_version_one_a_line_in_semver_order() =>
        Snapshot.Match(await host.GetAsync("example.com/!demo/!lib/@v/list"));

    [Fact]
    public async Task Go_info_gives_the_version_and_its_publish_time() =>
        Snapshot.Match(await host.GetAsync("example.com/!demo/!lib/@v/v1.10.0.info"));

    [Fact]
    public async Task Go_latest_is_the_highest_release_not_the_newer_prerelease() =>
        Snapshot.Match(await host.GetAsync("example.com/!demo/!lib/@latest"));

    [Fact]
    public async Task Go_mod_is_the_go_mod_of_the_zip() =>
        Snapshot.Match(await host.GetAsync("example.com/!demo/!lib/@v/v1.2.0.mod"));
}

/// <summary>The sample host on <see cref="SetClock"/>, holding <c>example.com/Demo/Lib</c> at four versions published a minute apart.</summary>
public sealed class GoDocumentsHost : Infrastructure.SampleHostFactory, IAsyncLifetime
{
    private readonly SetClock _clock = new();

    public async Task InitializeAsync()
    {
        using var client = CreateClient();
        foreach (var version in new[] { "v1.2.0", "v1.10.0", "v1.9.1", "v1.11.0-rc.1" })
        {
            _clock.Now += TimeSpan.FromMinutes(1);
            var goMod = $"module example.com/Demo/Lib\n\ngo 1.19\n\nrequire example.com/dep {version}\n";
            using var response = await client.SendAsync(GoHostFactory.Put(GoHostFactory.ModuleZip("example.com/Demo/Lib", version, goMod)));
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, "publishing {0}: {1}", version, await response.Content.ReadAsStringAsync());
        }
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>The body of a proxy read as the admin.</summary>
    public async Task<string> GetAsync(string path)
    {
        using var client = CreateClient();
        using var response = await client.SendAsync(GoHostFactory.Get(path));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "GET {0}: {1}", path, body);
        return body;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
    }
}
