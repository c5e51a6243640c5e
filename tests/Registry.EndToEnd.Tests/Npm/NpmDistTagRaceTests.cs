using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Npm;

/// <summary>
/// Issue 13's "done when": 50 real <c>npm dist-tag add</c> processes, started together, each point one tag at a
/// different version. A tag move is one transaction in Core, so exactly one version ends up holding the tag, and the
/// packument, <c>npm dist-tag ls</c> and GitLab's packages API agree on which.
/// </summary>
public sealed class NpmDistTagRaceTests : IClassFixture<SampleHostProcess>, IDisposable
{
    private const int Versions = 50;
    private readonly SampleHostProcess _host;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _work = Directory.CreateTempSubdirectory("registry-npm-race-").FullName;

    public NpmDistTagRaceTests(SampleHostProcess host)
    {
        _host = host;
        _http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private string Registry => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";

    [ClientFact("npm")]
    public async Task Fifty_concurrent_npm_dist_tag_adds_leave_the_tag_on_exactly_one_version()
    {
        const string Name = "e2e-tag-race";
        var versions = Enumerable.Range(0, Versions).Select(i => $"1.0.{i}").ToArray();
        await NpmTagRace.PublishAsync(_http, Registry, Name, versions);

        var config = Path.Combine(_work, "npmrc");
        await File.WriteAllTextAsync(config, $"{Registry[Registry.IndexOf("//", StringComparison.Ordinal)..]}:_authToken={SampleHostProcess.AdminToken}\n");
        string[] Isolation(string cache) => ["--registry", Registry, "--userconfig", config, "--cache", cache, "--no-update-notifier", "--no-fund"];

        // Each process has its own cache, so they share nothing but the registry.
        var runs = await Task.WhenAll(versions.Select((version, i) =>
            ExternalTool.RunAsync("npm", ["dist-tag", "add", $"{Name}@{version}", "release", .. Isolation(Path.Combine(_work, "cache-" + i))], _work, TimeSpan.FromMinutes(5))));
        runs.Should().OnlyContain(r => r.ExitCode == 0, string.Join('\n', runs.Where(r => r.ExitCode != 0).Select(r => r.StdErr)) + _host.Output);

        var packument = JsonNode.Parse(await _http.GetStringAsync(Registry + Name)) ?? throw new InvalidOperationException("no packument");
        var holder = packument["dist-tags"]?["release"]?.GetValue<string>();
        holder.Should().BeOneOf(versions);

        var listed = await ExternalTool.RunAsync("npm", ["dist-tag", "ls", Name, .. Isolation(Path.Combine(_work, "cache-ls"))], _work);
        listed.ExitCode.Should().Be(0, listed.StdErr);
        listed.StdOut.Should().Contain($"release: {holder}");

        var tagged = await NpmTagRace.VersionsTaggedAsync(_http, _host.BaseUrl, "demo%2Fapp", Name, "release", Versions);
        tagged.Should().Equal([holder], "exactly one version holds the tag, the one the packument names");
    }
}
