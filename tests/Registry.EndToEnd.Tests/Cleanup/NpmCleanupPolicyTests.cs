using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Cleanup;

/// <summary>
/// A cleanup policy against the real npm CLI: versions published with <c>npm publish</c>, one given a dist-tag with
/// <c>npm dist-tag add</c>; the dry run lists what the run then deletes, and afterwards <c>npm view</c> shows only the
/// tagged and the newest versions and <c>npm install</c> of a deleted one fails.
/// </summary>
public sealed class NpmCleanupPolicyTests : IClassFixture<SampleHostProcess>, IDisposable
{
    private const string Package = "@demo/cleanup-lib";
    private readonly SampleHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-npm-cleanup-").FullName;

    public NpmCleanupPolicyTests(SampleHostProcess host) => _host = host;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Registry => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";

    private string PolicyUrl => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/cleanup_policy";

    [ClientFact("npm")]
    public async Task A_policy_deletes_old_npm_versions_but_keeps_the_dist_tagged_and_latest_ones()
    {
        var library = NewDirectory("lib");
        foreach (var version in new[] { "1.0.0", "1.1.0", "1.2.0", "2.0.0" })
        {
            await File.WriteAllTextAsync(Path.Combine(library, "package.json"), $$"""{"name":"{{Package}}","version":"{{version}}","main":"index.js"}""");
            await File.WriteAllTextAsync(Path.Combine(library, "index.js"), $"module.exports = '{version}';\n");
            await NpmAsync(library, "publish");
        }

        await NpmAsync(library, "dist-tag", "add", $"{Package}@1.0.0", "stable");

        using var http = _host.CreateHttpClient();
        http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        using (var put = await http.PutAsJsonAsync(new Uri(PolicyUrl), new { keep_n_versions = 1 }))
        {
            put.IsSuccessStatusCode.Should().BeTrue(await put.Content.ReadAsStringAsync());
        }

        var dryRun = await PostAsync(http, "/run?dry_run=true");
        var run = await PostAsync(http, "/run");

        Versions(dryRun).Should().BeEquivalentTo("1.1.0", "1.2.0");
        Versions(run).Should().Equal(Versions(dryRun));
        run.GetProperty("bytes_freed").GetInt64().Should().Be(dryRun.GetProperty("bytes_freed").GetInt64()).And.BePositive();

        var app = NewDirectory("app");
        await File.WriteAllTextAsync(Path.Combine(app, "package.json"), """{"name":"app","version":"0.0.0","private":true}""");
        var versions = JsonNode.Parse(await NpmAsync(app, "view", Package, "versions", "--json"))!.AsArray().Select(v => v!.GetValue<string>());
        versions.Should().BeEquivalentTo("1.0.0", "2.0.0");
        var tags = JsonNode.Parse(await NpmAsync(app, "view", Package, "dist-tags", "--json"))!.AsObject();
        tags["latest"]!.GetValue<string>().Should().Be("2.0.0");
        tags["stable"]!.GetValue<string>().Should().Be("1.0.0");

        var refused = await ExternalTool.RunAsync("npm", ["install", $"{Package}@1.1.0", .. Isolation], app);
        refused.ExitCode.Should().NotBe(0);
        (refused.StdOut + refused.StdErr).Should().ContainAny("ETARGET", "No matching version", "E404");
        await NpmAsync(app, "install", $"{Package}@1.0.0");
    }

    private static IEnumerable<string> Versions(JsonElement report) =>
        report.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString() ?? string.Empty);

    private async Task<JsonElement> PostAsync(HttpClient http, string path)
    {
        using var response = await http.PostAsync(new Uri(PolicyUrl + path), content: null);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private string Cache => Path.Combine(_work, "cache");

    private string UserConfig
    {
        get
        {
            var path = Path.Combine(_work, "userconfig");
            if (!File.Exists(path))
            {
                File.WriteAllText(path, string.Empty);
            }

            return path;
        }
    }

    private string[] Isolation => ["--registry", Registry, "--cache", Cache, "--userconfig", UserConfig, "--no-fund", "--no-update-notifier"];

    private string NewDirectory(string name)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        var nerfed = Registry[Registry.IndexOf("//", StringComparison.Ordinal)..];
        File.WriteAllText(Path.Combine(dir, ".npmrc"), $"registry={Registry}\naudit=false\nfund=false\n{nerfed}:_authToken={SampleHostProcess.AdminToken}\n");
        return dir;
    }

    private async Task<string> NpmAsync(string dir, params string[] args)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("npm", [.. args, .. Isolation], dir);
        exit.Should().Be(0, $"npm {string.Join(' ', args)} failed:\n{stdout}\n{stderr}\n--- host ---\n{_host.Output}");
        return stdout;
    }
}
