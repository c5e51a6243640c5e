using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;
using Registry.Tests.Npm;

namespace Registry.EndToEnd.Tests.Npm;

/// <summary>
/// The real pnpm CLI against the sample host's project registry with a token: <c>pnpm add name</c> and
/// <c>pnpm add name@version</c>. pnpm 12.24.0 (by hand, with the host logging requests) sent for each add
/// <c>GET /{name}</c> (the packument, twice), <c>GET /pnpm</c> (its own update check, 404 here) and
/// <c>GET /{name}/-/{name}-{version}.tgz</c>; <c>pnpm view name@version</c> also read the packument. The
/// <c>/{name}/{versionOrTag}</c> routes older and newer pnpm releases use are covered in-process (NpmVersionManifestTests).
/// </summary>
public sealed class PnpmCliTests : IClassFixture<SampleHostProcess>, IDisposable
{
    private readonly SampleHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-pnpm-").FullName;

    public PnpmCliTests(SampleHostProcess host) => _host = host;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Registry => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";

    private async Task PublishAsync(string name, string version)
    {
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SampleHostProcess.AdminToken);
        var tarball = NpmPackages.Tarball(name, version, [("package/VERSION", version)]);
        var document = NpmPackages.PublishDocument(name, version, tarball);

        // The sample host proxies nothing: the document's left-pad dependency would be a 404 to pnpm.
        document["versions"]![version]!.AsObject().Remove("dependencies");
        var body = new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json");
        var put = await client.PutAsync(Registry + name, body);
        put.IsSuccessStatusCode.Should().BeTrue(await put.Content.ReadAsStringAsync());
    }

    private async Task PnpmAsync(string dir, params string[] args)
    {
        // The project's .npmrc carries registry and token; the user config, store and metadata cache stay in the test's directory.
        var userConfig = Path.Combine(_work, "userconfig");
        await File.WriteAllTextAsync(userConfig, string.Empty);
        string[] isolation = ["--store-dir", Path.Combine(_work, "store"), "--cache-dir", Path.Combine(_work, "cache")];
        var environment = new Dictionary<string, string> { ["NPM_CONFIG_USERCONFIG"] = userConfig, ["CI"] = "1" };
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("pnpm", [.. args, .. isolation], dir, environment: environment);
        exit.Should().Be(0, $"pnpm {string.Join(' ', args)} failed:\n{stdout}\n{stderr}\n--- host ---\n{_host.Output}");
    }

    [ClientFact("pnpm")]
    public async Task Pnpm_adds_the_latest_version_then_pins_an_older_one()
    {
        await PublishAsync("e2e-pnpm", "1.0.0");
        await PublishAsync("e2e-pnpm", "1.1.0");

        var app = Directory.CreateDirectory(Path.Combine(_work, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "package.json"), "{\"name\":\"app\",\"version\":\"0.0.0\",\"private\":true}");
        var nerfed = Registry[Registry.IndexOf("//", StringComparison.Ordinal)..];
        await File.WriteAllTextAsync(Path.Combine(app, ".npmrc"), $"registry={Registry}\n{nerfed}:_authToken={SampleHostProcess.AdminToken}\n");
        var installed = Path.Combine(app, "node_modules", "e2e-pnpm");

        await PnpmAsync(app, "add", "e2e-pnpm");
        (await File.ReadAllTextAsync(Path.Combine(installed, "VERSION"))).Should().Be("1.1.0");
        JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(app, "package.json")))!["dependencies"]!["e2e-pnpm"]!.GetValue<string>().Should().Be("^1.1.0");

        await PnpmAsync(app, "add", "e2e-pnpm@1.0.0");
        (await File.ReadAllTextAsync(Path.Combine(installed, "VERSION"))).Should().Be("1.0.0");
        (await File.ReadAllTextAsync(Path.Combine(installed, "index.js"))).Should().Contain("module.exports");
        (await File.ReadAllTextAsync(Path.Combine(app, "pnpm-lock.yaml"))).Should().Contain("e2e-pnpm@1.0.0");
    }
}
