using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Npm;

/// <summary>
/// The real npm CLI with a project access token in its .npmrc, as a CI pipeline configured with GitLab's project access
/// token uses it: publish and install as the token's bot, <c>npm owner ls</c> naming that bot, and the same .npmrc
/// refused the moment the token is revoked.
/// </summary>
public sealed class NpmAccessTokenTests : IClassFixture<SampleHostProcess>, IDisposable
{
    private const string Project = "demo/app";
    private readonly SampleHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-npm-pat-").FullName;

    public NpmAccessTokenTests(SampleHostProcess host) => _host = host;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Registry => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";

    [ClientFact("npm")]
    public async Task Npm_publishes_and_installs_with_a_project_access_token_until_it_is_revoked()
    {
        using var api = new DirectoryApi(_host);
        var (tokenId, botId, token) = await api.CreateProjectAccessTokenAsync(Project, accessLevel: 30);

        var library = NewDirectory("lib", token, """{"name":"@demo/pat-lib","version":"1.0.0","main":"index.js"}""");
        await File.WriteAllTextAsync(Path.Combine(library, "index.js"), "module.exports = 'pat';\n");
        await NpmAsync(library, "publish");

        var app = NewDirectory("app", token, """{"name":"app","version":"0.0.0","private":true}""");
        await NpmAsync(app, "install", "@demo/pat-lib");
        (await File.ReadAllTextAsync(Path.Combine(app, "node_modules", "@demo", "pat-lib", "index.js"))).Should().Contain("pat");

        // The packument names the publisher, the token's bot, so npm owner ls has someone to print.
        var bot = JsonNode.Parse(await HttpGetAsync($"/api/v4/users/{botId}"))!["username"]!.GetValue<string>();
        (await NpmAsync(app, "owner", "ls", "@demo/pat-lib")).Should().Contain(bot);

        await api.RevokeProjectAccessTokenAsync(Project, tokenId);
        await File.WriteAllTextAsync(Path.Combine(library, "package.json"), """{"name":"@demo/pat-lib","version":"1.0.1","main":"index.js"}""");
        var refused = await ExternalTool.RunAsync("npm", ["publish", .. Isolation], library);
        refused.ExitCode.Should().NotBe(0);
        (refused.StdOut + refused.StdErr).Should().ContainAny("E401", "401");
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

    private string NewDirectory(string name, string token, string packageJson)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        var nerfed = Registry[Registry.IndexOf("//", StringComparison.Ordinal)..];
        File.WriteAllText(Path.Combine(dir, ".npmrc"), $"registry={Registry}\naudit=false\nfund=false\n{nerfed}:_authToken={token}\n");
        File.WriteAllText(Path.Combine(dir, "package.json"), packageJson);
        return dir;
    }

    private async Task<string> NpmAsync(string dir, params string[] args)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("npm", [.. args, .. Isolation], dir);
        exit.Should().Be(0, $"npm {string.Join(' ', args)} failed:\n{stdout}\n{stderr}\n--- host ---\n{_host.Output}");
        return stdout;
    }

    private async Task<string> HttpGetAsync(string path)
    {
        using var http = _host.CreateHttpClient();
        http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        return await http.GetStringAsync(new Uri(_host.BaseUrl + path));
    }
}
