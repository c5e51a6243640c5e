using System.IO.Compression;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Formats.Tests.Infrastructure;
using Registry.Tests.Helm;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Documents;

/// <summary>
/// The sample host on <see cref="SetClock"/> with charts pushed over HTTP a minute apart, from archives whose bytes never
/// change (stored, not compressed): three versions of one chart and one of another in <c>stable</c>, one in <c>devel</c>.
/// </summary>
public sealed class HelmDocumentsHost : SampleHostFactory, IAsyncLifetime
{
    public const string Api = "/api/v4/projects/demo%2Fapp/packages/helm";

    public SetClock Clock { get; } = new();

    public HttpClient Client { get; private set; } = new();

    public async Task InitializeAsync()
    {
        Client.Dispose();
        Client = CreateClient();
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        foreach (var (channel, name, version, extra) in new[]
        {
            ("stable", "widget", "1.0.0", string.Empty),
            ("stable", "widget", "1.10.0", string.Empty),
            ("stable", "widget", "1.2.0-rc.1", "deprecated: true"),
            ("stable", "gadget", "0.1.0", string.Empty),
            ("devel", "widget", "2.0.0-alpha", string.Empty),
        })
        {
            Clock.Now += TimeSpan.FromMinutes(1);
            var chart = HelmCharts.Package(name, version, HelmCharts.ChartYaml(name, version, extra), CompressionLevel.NoCompression);
            using var response = await Client.SendAsync(HelmCharts.CmPush($"{Api}/api/{channel}/charts", chart, $"{name}-{version}.tgz", null, null));
            if ((int)response.StatusCode != 201)
            {
                throw new InvalidOperationException($"pushing {name} {version} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        Clock.Now += TimeSpan.FromMinutes(1);
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>Snapshots of each channel's index.yaml exactly as helm downloads it; nothing is scrubbed.</summary>
public sealed class HelmDocumentSnapshotTests(HelmDocumentsHost host) : IClassFixture<HelmDocumentsHost>
{
    [Fact]
    public async Task Helm_index_of_a_channel_lists_its_charts_newest_version_first_with_every_field()
    {
        Snapshot.Match(await host.Client.GetStringAsync($"{HelmDocumentsHost.Api}/stable/index.yaml"));
    }

    [Fact]
    public async Task Helm_index_of_another_channel_lists_only_what_was_pushed_there()
    {
        Snapshot.Match(await host.Client.GetStringAsync($"{HelmDocumentsHost.Api}/devel/index.yaml"));
    }
}
