using System.Net.Http.Headers;
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
    public SetClock Clock { get; } = new();

    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync()
    {
        Client.Dispose();
        Client = CreateClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        foreach (var version in new[] { "v1.2.0", "v1.10.0", "v1.9.1", "v1.11.0-rc.1" })
        {
            Clock.Now += TimeSpan.FromMinutes(1);
            using var request = GoHostFactory.Put(GoHostFactory.ModuleZip("example.com/Demo/Lib", version, $"module example.com/Demo/Lib\n\ngo 1.19\n\nrequire example.com/dep {version}\n"));
            using var response = await Client.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"publishing {version} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The body of a proxy read as the admin.</summary>
    public async Task<string> GetAsync(string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{GoHostFactory.Base}/{path}"));
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue("GET {0} answered {1}: {2}", path, (int)response.StatusCode, body);
        return body;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}
