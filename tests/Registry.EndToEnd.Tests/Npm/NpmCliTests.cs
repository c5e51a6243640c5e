using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Npm;

/// <summary>The real npm CLI against the sample host process: publish, view, install, dist-tag, deprecate, unpublish.</summary>
public sealed class NpmCliTests : IClassFixture<SampleHostProcess>, IDisposable
{
    private readonly SampleHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-npm-").FullName;

    public NpmCliTests(SampleHostProcess host) => _host = host;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Registry => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";

    private string Cache => Path.Combine(_work, "cache");

    /// <summary>An empty user config, so that the machine's ~/.npmrc (tokens, omit-lockfile-registry-resolved, ...) stays out.</summary>
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

    private string[] Isolation => IsolationAt(Registry);

    private string[] IsolationAt(string registry) => ["--registry", registry, "--cache", Cache, "--userconfig", UserConfig, "--no-fund", "--no-update-notifier"];

    /// <summary>
    /// A directory with an .npmrc pointing at <paramref name="registry"/> (the project registry by default) with
    /// <paramref name="token"/> (none when null), and <c>@demo</c> at <paramref name="scopeRegistry"/> if given.
    /// </summary>
    private string NewDirectory(string name, string? packageJson = null, string? scopeRegistry = null, string? token = SampleHostProcess.AdminToken, string? registry = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        registry ??= Registry;
        var npmrc = $"registry={registry}\naudit=false\nfund=false\nupdate-notifier=false\n";
        npmrc += token is null ? string.Empty : $"{Nerf(registry)}:_authToken={token}\n";
        if (scopeRegistry is not null)
        {
            npmrc += $"@demo:registry={scopeRegistry}\n{Nerf(scopeRegistry)}:_authToken={token}\n";
        }

        File.WriteAllText(Path.Combine(dir, ".npmrc"), npmrc);
        if (packageJson is not null)
        {
            File.WriteAllText(Path.Combine(dir, "package.json"), packageJson);
        }

        return dir;
    }

    private static string Nerf(string registry) => registry[registry.IndexOf("//", StringComparison.Ordinal)..];

    private Task<string> NpmAsync(string dir, params string[] args) => NpmAtAsync(Registry, dir, args);

    private async Task<string> NpmAtAsync(string registry, string dir, params string[] args)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("npm", [.. args, .. IsolationAt(registry)], dir);
        exit.Should().Be(0, $"npm {string.Join(' ', args)} failed:\n{stdout}\n{stderr}\n--- host ---\n{_host.Output}");
        return stdout;
    }

    private async Task<string> PublishAsync(string name, string version, string token = SampleHostProcess.AdminToken, string? registry = null)
    {
        registry ??= Registry;
        var dir = NewDirectory($"{name.Replace('/', '_')}-{version}", $"{{\"name\":\"{name}\",\"version\":\"{version}\",\"main\":\"index.js\"}}", token: token, registry: registry);
        await File.WriteAllTextAsync(Path.Combine(dir, "index.js"), $"module.exports = '{name}@{version}';\n");
        await NpmAtAsync(registry, dir, "publish");
        return dir;
    }

    [ClientFact("npm")]
    public async Task Npm_publishes_views_installs_tags_deprecates_and_unpublishes_a_scoped_package()
    {
        await PublishAsync("@demo/e2e-lib", "1.0.0");
        await PublishAsync("@demo/e2e-lib", "1.1.0");
        var dir = NewDirectory("client");

        var view = JsonNode.Parse(await NpmAsync(dir, "view", "@demo/e2e-lib", "--json"))!;
        view["dist-tags"]!["latest"]!.GetValue<string>().Should().Be("1.1.0");
        view["versions"]!.AsArray().Select(v => v!.GetValue<string>()).Should().Equal("1.0.0", "1.1.0");

        await NpmAsync(dir, "dist-tag", "add", "@demo/e2e-lib@1.0.0", "stable");
        (await NpmAsync(dir, "dist-tag", "ls", "@demo/e2e-lib")).Should().Contain("stable: 1.0.0").And.Contain("latest: 1.1.0");
        await NpmAsync(dir, "dist-tag", "rm", "@demo/e2e-lib", "stable");
        (await NpmAsync(dir, "dist-tag", "ls", "@demo/e2e-lib")).Should().NotContain("stable");

        await NpmAsync(dir, "deprecate", "@demo/e2e-lib@1.0.0", "use 1.1.0");
        var deprecated = await NpmAsync(dir, "view", "@demo/e2e-lib@1.0.0", "deprecated");
        deprecated.Should().Contain("use 1.1.0");

        var app = NewDirectory("app", "{\"name\":\"app\",\"version\":\"0.0.0\",\"private\":true}");
        await NpmAsync(app, "install", "@demo/e2e-lib@1.0.0");
        (await File.ReadAllTextAsync(Path.Combine(app, "node_modules", "@demo", "e2e-lib", "index.js"))).Should().Contain("@demo/e2e-lib@1.0.0");
        var lockfile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(app, "package-lock.json")))!;
        var locked = lockfile["packages"]!["node_modules/@demo/e2e-lib"]!;
        locked["resolved"]!.GetValue<string>().Should().StartWith(Registry);
        locked["integrity"]!.GetValue<string>().Should().StartWith("sha512-");

        await NpmAsync(dir, "unpublish", "@demo/e2e-lib@1.0.0", "--force");
        view = JsonNode.Parse(await NpmAsync(dir, "view", "@demo/e2e-lib", "versions", "--json"))!;
        view.ToJsonString().Should().Contain("1.1.0").And.NotContain("1.0.0");

        await NpmAsync(dir, "unpublish", "@demo/e2e-lib", "--force");
        var gone = await ExternalTool.RunAsync("npm", ["view", "@demo/e2e-lib", .. Isolation], dir);
        gone.ExitCode.Should().NotBe(0);
        (gone.StdOut + gone.StdErr).Should().Contain("404");
    }

    [ClientFact("npm")]
    public async Task Npm_publishes_and_installs_an_unscoped_package_and_refuses_a_duplicate()
    {
        var source = await PublishAsync("e2e-plain", "2.0.0");
        var again = await ExternalTool.RunAsync("npm", ["publish", .. Isolation], source);
        again.ExitCode.Should().NotBe(0);
        (again.StdOut + again.StdErr).Should().ContainAny("409", "EPUBLISHCONFLICT", "cannot publish over");

        var app = NewDirectory("plain-app", "{\"name\":\"plain-app\",\"version\":\"0.0.0\",\"private\":true}");
        await NpmAsync(app, "install", "e2e-plain");
        (await File.ReadAllTextAsync(Path.Combine(app, "node_modules", "e2e-plain", "index.js"))).Should().Contain("e2e-plain@2.0.0");
    }

    [ClientFact("npm")]
    public async Task A_package_published_to_the_project_installs_through_the_group_and_the_instance()
    {
        await PublishAsync("@demo/e2e-cross", "3.1.0");

        foreach (var (scope, registry) in new[] { ("group", $"{_host.BaseUrl}/api/v4/groups/demo/-/packages/npm/"), ("instance", $"{_host.BaseUrl}/api/v4/packages/npm/") })
        {
            var app = NewDirectory($"cross-{scope}", "{\"name\":\"cross\",\"version\":\"0.0.0\",\"private\":true}", registry);
            await NpmAsync(app, "install", "@demo/e2e-cross");
            (await File.ReadAllTextAsync(Path.Combine(app, "node_modules", "@demo", "e2e-cross", "index.js"))).Should().Contain("@demo/e2e-cross@3.1.0");
            var lockfile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(app, "package-lock.json")))!;
            lockfile["packages"]!["node_modules/@demo/e2e-cross"]!["resolved"]!.GetValue<string>().Should().StartWith(registry, scope);
            (await NpmAsync(app, "dist-tag", "ls", "@demo/e2e-cross")).Should().Contain("latest: 3.1.0");
        }

        var group = NewDirectory("cross-group-tags", scopeRegistry: $"{_host.BaseUrl}/api/v4/groups/demo/-/packages/npm/");
        await NpmAsync(group, "dist-tag", "add", "@demo/e2e-cross@3.1.0", "stable");
        (await NpmAsync(group, "dist-tag", "ls", "@demo/e2e-cross")).Should().Contain("stable: 3.1.0");
    }

    [ClientFact("npm")]
    public async Task A_protection_rule_refuses_a_developers_publish_and_npm_shows_why()
    {
        using var api = new DirectoryApi(_host);
        var (_, _, developer) = await api.CreateDeveloperAsync("demo/app");
        await api.ProtectAsync("demo/app", "npm", "@demo/e2e-protected*", push: "maintainer");
        var dir = NewDirectory("protected", "{\"name\":\"@demo/e2e-protected\",\"version\":\"1.0.0\",\"main\":\"index.js\"}", token: developer);
        await File.WriteAllTextAsync(Path.Combine(dir, "index.js"), "module.exports = 1;\n");

        var (exit, stdout, stderr) = await ExternalTool.RunAsync("npm", ["publish", .. Isolation], dir);

        exit.Should().NotBe(0);
        (stdout + stderr).Should().Contain("403").And.Contain("Package protected.", "npm prints the registry's error: {0}{1}", stdout, stderr);
        await PublishAsync("@demo/e2e-protected", "1.0.0");
    }

    [ClientFact("npm")]
    public async Task A_group_quota_refuses_a_publish_and_npm_shows_why()
    {
        using var api = new DirectoryApi(_host);
        var registry = $"{_host.BaseUrl}/api/v4/projects/{Uri.EscapeDataString(await api.CreatePublicProjectAsync("npm-quota"))}/packages/npm/";
        await PublishAsync("e2e-quota-kept", "1.0.0", registry: registry);
        await api.SetQuotaAsync("npm-quota", new { max_packages = 1 });
        var dir = NewDirectory("quota-refused", "{\"name\":\"e2e-quota-refused\",\"version\":\"1.0.0\",\"main\":\"index.js\"}", registry: registry);
        await File.WriteAllTextAsync(Path.Combine(dir, "index.js"), "module.exports = 1;\n");

        var (exit, stdout, stderr) = await ExternalTool.RunAsync("npm", ["publish", .. IsolationAt(registry)], dir);

        exit.Should().NotBe(0);
        (stdout + stderr).Should().Contain("413").And.Contain("Storage quota exceeded", "npm prints the registry's error: {0}{1}", stdout, stderr);
        var storage = await api.GroupStorageAsync("npm-quota");
        storage.GetProperty("packages_count").GetInt64().Should().Be(1, "the refused version stored nothing");
        await api.SetQuotaAsync("npm-quota", new { max_packages = 2 });
        await NpmAtAsync(registry, dir, "publish");
    }

    [ClientFact("npm")]
    public async Task Job_deploy_and_personal_tokens_work_on_a_private_project_and_anonymous_installs_from_a_public_one()
    {
        using var api = new DirectoryApi(_host);
        var (username, userId, personal) = await api.CreateDeveloperAsync("demo/app");
        var (deployName, deploy) = await api.CreateDeployTokenAsync("demo/app");
        var job = await api.StartJobAsync("demo/app", userId);

        await PublishAsync("@demo/e2e-tokens", "1.0.0", job);
        await PublishAsync("@demo/e2e-tokens", "1.1.0", deploy);
        await PublishAsync("@demo/e2e-tokens", "1.2.0", personal);
        foreach (var (kind, token, expected) in new[] { ("personal", personal, username), ("job", job, username), ("deploy", deploy, deployName) })
        {
            var who = NewDirectory("who-" + kind, token: token);
            (await NpmAsync(who, "whoami")).Trim().Should().Be(expected, kind);
            var app = NewDirectory("tokens-" + kind, "{\"name\":\"tokens\",\"version\":\"0.0.0\",\"private\":true}", token: token);
            await NpmAsync(app, "install", "@demo/e2e-tokens@1.0.0");
            File.Exists(Path.Combine(app, "node_modules", "@demo", "e2e-tokens", "index.js")).Should().BeTrue(kind);
        }

        var denied = NewDirectory("tokens-anonymous", "{\"name\":\"tokens\",\"version\":\"0.0.0\",\"private\":true}", token: null);
        var refused = await ExternalTool.RunAsync("npm", ["install", "@demo/e2e-tokens", .. Isolation], denied);
        refused.ExitCode.Should().NotBe(0);
        (refused.StdOut + refused.StdErr).Should().ContainAny("401", "E401");

        var publicRegistry = $"{_host.BaseUrl}/api/v4/projects/{Uri.EscapeDataString(await api.CreatePublicProjectAsync("npm-public"))}/packages/npm/";
        await PublishAsync("e2e-public", "1.0.0", registry: publicRegistry);
        var anonymous = NewDirectory("public-anonymous", "{\"name\":\"anon\",\"version\":\"0.0.0\",\"private\":true}", token: null, registry: publicRegistry);
        await NpmAtAsync(publicRegistry, anonymous, "install", "e2e-public");
        (await File.ReadAllTextAsync(Path.Combine(anonymous, "node_modules", "e2e-public", "index.js"))).Should().Contain("e2e-public@1.0.0");
        var view = JsonNode.Parse(await NpmAtAsync(publicRegistry, anonymous, "view", "e2e-public", "--json"))!;
        view["version"]!.GetValue<string>().Should().Be("1.0.0");
    }

    [ClientFact("npm")]
    public async Task Npm_whoami_and_ping()
    {
        var dir = NewDirectory("who");
        (await NpmAsync(dir, "whoami")).Trim().Should().NotBeEmpty();
        await NpmAsync(dir, "ping");
    }
}
