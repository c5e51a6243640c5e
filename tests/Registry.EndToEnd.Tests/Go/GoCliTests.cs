using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Go;

/// <summary>
/// The real go command (Debian's go 1.19) against the sample host: modules uploaded with curl as the README shows, then
/// <c>go get</c>, <c>go build</c>, <c>go list -m -versions</c> and <c>go mod verify</c> of a Mixed-Case module path over
/// HTTPS with a personal token in .netrc, a deploy token in the GOPROXY URL and a CI job token; anonymous over plain
/// http from a public project. go runs isolated: its own HOME, GOPATH, module and build caches, no go env file, no
/// checksum database, no <c>direct</c> fallback, so nothing leaves loopback.
/// </summary>
public sealed class GoCliTests : IClassFixture<GoHttpsHostProcess>, IClassFixture<SampleHostProcess>, IDisposable
{
    private readonly GoHttpsHostProcess _https;
    private readonly SampleHostProcess _http;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-go-").FullName;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public GoCliTests(GoHttpsHostProcess https, SampleHostProcess http)
    {
        _https = https;
        _http = http;
    }

    public void Dispose()
    {
        try
        {
            // The module cache is read-only unless -modcacherw was honoured everywhere; make sure it can go.
            foreach (var entry in new DirectoryInfo(_work).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
            {
                entry.Attributes &= ~FileAttributes.ReadOnly;
            }

            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }

    [ClientFact("go", "curl")]
    public async Task Go_gets_builds_lists_and_verifies_a_mixed_case_module_over_https_with_a_personal_token_in_netrc()
    {
        using var api = new DirectoryApi(_https);
        var (username, _, token) = await api.CreateDeveloperAsync("demo/app");
        var module = $"example.com/Demo/Lib{_suffix}";
        await UploadAsync(_https, "demo%2Fapp", "PRIVATE-TOKEN", token, module, "v1.0.0", "hello from v1.0.0");
        await UploadAsync(_https, "demo%2Fapp", "PRIVATE-TOKEN", token, module, "v1.1.0", "hello from v1.1.0");
        var home = await NetrcHomeAsync(username, token);
        var proxy = $"{_https.BaseUrl}/api/v4/projects/demo%2Fapp/packages/go";
        var consumer = Path.Combine(_work, "consumer");
        await GoModules.WriteConsumerAsync(consumer, module);

        var get = await GoAsync(consumer, proxy, home, "get", $"{module}@v1.0.0");
        get.ExitCode.Should().Be(0, get.StdErr + _https.Output);
        var build = await GoAsync(consumer, proxy, home, "build", "-o", Path.Combine(_work, "app"), ".");
        build.ExitCode.Should().Be(0, build.StdErr);
        (await ExternalTool.RunAsync(Path.Combine(_work, "app"), [])).StdOut.Should().Be("hello from v1.0.0\n");

        var versions = await GoAsync(consumer, proxy, home, "list", "-m", "-versions", module);
        versions.ExitCode.Should().Be(0, versions.StdErr);
        versions.StdOut.Trim().Should().Be($"{module} v1.0.0 v1.1.0");

        var verify = await GoAsync(consumer, proxy, home, "mod", "verify");
        verify.ExitCode.Should().Be(0, verify.StdErr);
        verify.StdOut.Should().Contain("all modules verified");

        var latest = await GoAsync(consumer, proxy, home, "get", $"{module}@latest");
        latest.ExitCode.Should().Be(0, latest.StdErr);
        (await File.ReadAllTextAsync(Path.Combine(consumer, "go.mod"))).Should().Contain($"{module} v1.1.0");
        (await File.ReadAllTextAsync(Path.Combine(consumer, "go.sum"))).Should().Contain($"{module} v1.1.0 h1:").And.Contain($"{module} v1.1.0/go.mod h1:");

        var anonymous = await GoAsync(Path.Combine(_work, "anonymous"), proxy, Directory.CreateDirectory(Path.Combine(_work, "no-netrc")).FullName, "mod", "download", "-json", $"{module}@v1.0.0");
        anonymous.ExitCode.Should().NotBe(0, "without .netrc the private project answers 401");
        (anonymous.StdOut + anonymous.StdErr).Should().Contain("401 Unauthorized");
    }

    [ClientFact("go", "curl")]
    public async Task Deploy_and_job_tokens_upload_with_curl_and_go_downloads_with_them()
    {
        using var api = new DirectoryApi(_https);
        var (deployName, deploy) = await api.CreateDeployTokenAsync("demo/app");
        var (_, userId, _) = await api.CreateDeveloperAsync("demo/app");
        var job = await api.StartJobAsync("demo/app", userId);

        var deployModule = $"example.com/deploy{_suffix}";
        await UploadAsync(_https, "demo%2Fapp", "DEPLOY-TOKEN", deploy, deployModule, "v0.1.0", "deployed");
        var jobModule = $"example.com/job{_suffix}/v2";
        await UploadAsync(_https, "demo%2Fapp", "JOB-TOKEN", job, jobModule, "v2.0.0", "from a job");

        // The deploy token in the GOPROXY URL's userinfo.
        var port = new Uri(_https.BaseUrl).Port;
        var withUserinfo = $"https://{deployName}:{deploy}@127.0.0.1:{port}/api/v4/projects/demo%2Fapp/packages/go";
        await ConsumeAsync(_https, deployModule, "v0.1.0", withUserinfo, Directory.CreateDirectory(Path.Combine(_work, "home-empty")).FullName, "deployed\n");

        // The job token in .netrc, as a CI job writes it (login gitlab-ci-token).
        var proxy = $"{_https.BaseUrl}/api/v4/projects/demo%2Fapp/packages/go";
        await ConsumeAsync(_https, jobModule, "v2.0.0", proxy, await NetrcHomeAsync("gitlab-ci-token", job), "from a job\n");
    }

    [ClientFact("go", "curl")]
    public async Task Go_gets_anonymously_from_a_public_project_over_plain_http()
    {
        using var api = new DirectoryApi(_http);
        var project = await api.CreatePublicProjectAsync("go-public-" + _suffix);
        var module = $"example.com/Open/Mod{_suffix}";
        await UploadAsync(_http, Uri.EscapeDataString(project), "PRIVATE-TOKEN", SampleHostProcess.AdminToken, module, "v1.2.3", "open to all");
        var proxy = $"{_http.BaseUrl}/api/v4/projects/{Uri.EscapeDataString(project)}/packages/go";
        var consumer = await ConsumeAsync(_http, module, "v1.2.3", proxy, Directory.CreateDirectory(Path.Combine(_work, "home-public")).FullName, "open to all\n");

        var versions = await GoAsync(consumer, proxy, Path.Combine(_work, "home-public"), "list", "-m", "-versions", module);
        versions.StdOut.Trim().Should().Be($"{module} v1.2.3", versions.StdErr);
    }

    [ClientFact("go", "git", "zip", "curl", "bash")]
    public async Task The_readme_s_ci_job_zips_a_tagged_module_with_a_job_token_and_go_gets_it()
    {
        using var api = new DirectoryApi(_https);
        var (_, userId, _) = await api.CreateDeveloperAsync("demo/app");
        var job = await api.StartJobAsync("demo/app", userId);
        var projectId = await api.ProjectIdAsync("demo/app");
        var module = $"example.com/Tagged/Mod{_suffix}";
        var repository = Directory.CreateDirectory(Path.Combine(_work, "repository")).FullName;
        await File.WriteAllTextAsync(Path.Combine(repository, "go.mod"), $"module {module}\n\ngo 1.19\n");
        await File.WriteAllTextAsync(Path.Combine(repository, "lib.go"), "// Package lib greets.\npackage lib\n\nimport \"" + module + "/internal/words\"\n\n// Greeting says hello.\nfunc Greeting() string { return words.Hello }\n");
        Directory.CreateDirectory(Path.Combine(repository, "internal", "words"));
        await File.WriteAllTextAsync(Path.Combine(repository, "internal", "words", "words.go"), "// Package words holds words.\npackage words\n\n// Hello is a greeting.\nconst Hello = \"tagged in git\"\n");
        var gitHome = Directory.CreateDirectory(Path.Combine(_work, "git-home")).FullName;
        var git = new Dictionary<string, string> { ["HOME"] = gitHome, ["GIT_CONFIG_NOSYSTEM"] = "1" };
        foreach (var command in new[] { new[] { "init", "-q" }, ["add", "."], ["-c", "user.name=ci", "-c", "user.email=ci@example.com", "commit", "-q", "-m", "v1"], ["tag", "v1.0.0"] })
        {
            var step = await ExternalTool.RunAsync("git", command, repository, environment: git);
            step.ExitCode.Should().Be(0, step.StdErr);
        }

        var proxy = $"{_https.BaseUrl}/api/v4/projects/{projectId}/packages/go";
        var ci = GoEnvironment(proxy, gitHome);
        ci["CI_COMMIT_TAG"] = "v1.0.0";
        ci["CI_PROJECT_DIR"] = repository;
        ci["CI_JOB_TOKEN"] = job;
        ci["CI_API_V4_URL"] = _https.BaseUrl + "/api/v4";
        ci["CI_PROJECT_ID"] = projectId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ci["CURL_CA_BUNDLE"] = _https.Certificates!.CaCertificatePath;
        var script = string.Join("\n", ReadmeCiJob.ScriptLines());
        var run = await ExternalTool.RunAsync("bash", ["-euo", "pipefail", "-c", script], repository, TimeSpan.FromMinutes(5), ci);
        run.ExitCode.Should().Be(0, script + "\n" + run.StdOut + run.StdErr + _https.Output);
        run.StdOut.Should().Contain($"201 Created - {module}@v1.0.0");

        await ConsumeAsync(_https, module, "v1.0.0", proxy, await NetrcHomeAsync("gitlab-ci-token", job), "tagged in git\n");
    }

    /// <summary>A consumer of <paramref name="module"/>: <c>go get</c>, <c>go run</c> printing <paramref name="output"/>, <c>go mod verify</c>; its directory.</summary>
    private async Task<string> ConsumeAsync(SampleHostProcess host, string module, string version, string proxy, string home, string output)
    {
        var consumer = Path.Combine(_work, "consumer-" + Guid.NewGuid().ToString("N")[..8]);
        await GoModules.WriteConsumerAsync(consumer, module);
        var get = await GoAsync(consumer, proxy, home, "get", $"{module}@{version}");
        get.ExitCode.Should().Be(0, get.StdErr + host.Output);
        var run = await GoAsync(consumer, proxy, home, "run", ".");
        run.StdOut.Should().Be(output, run.StdErr);
        var verify = await GoAsync(consumer, proxy, home, "mod", "verify");
        verify.StdOut.Should().Contain("all modules verified", verify.StdErr);
        return consumer;
    }

    /// <summary>Uploads a module zip with curl, as the README's CI job does.</summary>
    private async Task UploadAsync(SampleHostProcess host, string project, string header, string token, string module, string version, string greeting)
    {
        var zip = await GoModules.WriteZipAsync(_work, module, version, greeting);
        string[] tls = host.Certificates is { } ca ? ["--cacert", ca.CaCertificatePath] : [];
        var put = await ExternalTool.RunAsync("curl", [
            "--silent", "--show-error", "--fail-with-body", .. tls, "--header", $"{header}: {token}", "--upload-file", zip,
            $"{host.BaseUrl}/api/v4/projects/{project}/packages/go/upload"]);
        put.ExitCode.Should().Be(0, put.StdOut + put.StdErr + host.Output);
        put.StdOut.Should().Be($"201 Created - {module}@{version}\n");
    }

    /// <summary>A HOME whose .netrc holds the credential; go matches <c>machine</c> to the host name without the port.</summary>
    private async Task<string> NetrcHomeAsync(string login, string password)
    {
        var home = Directory.CreateDirectory(Path.Combine(_work, "home-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        await File.WriteAllTextAsync(Path.Combine(home, ".netrc"), $"machine 127.0.0.1\nlogin {login}\npassword {password}\n");
        return home;
    }

    /// <summary>Runs go with everything it could reach or reuse pointed into the test's directory.</summary>
    private async Task<(int ExitCode, string StdOut, string StdErr)> GoAsync(string directory, string proxy, string home, params string[] arguments)
    {
        Directory.CreateDirectory(directory);
        var environment = GoEnvironment(proxy, home);
        return await ExternalTool.RunAsync("go", arguments, directory, TimeSpan.FromMinutes(5), environment);
    }

    private Dictionary<string, string> GoEnvironment(string proxy, string home)
    {
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["GOPATH"] = Path.Combine(_work, "gopath"),
            ["GOMODCACHE"] = Path.Combine(home, "modcache"),
            ["GOCACHE"] = Path.Combine(_work, "gocache"),
            ["GOENV"] = "off",
            ["GOWORK"] = "off",
            ["GOTOOLCHAIN"] = "local",
            ["GOPROXY"] = proxy,
            ["GOSUMDB"] = "off",
            ["GONOSUMDB"] = string.Empty,
            ["GOPRIVATE"] = string.Empty,
            ["GONOPROXY"] = string.Empty,
            ["GOINSECURE"] = string.Empty,
            ["GOFLAGS"] = "-mod=mod -modcacherw",
            ["CGO_ENABLED"] = "0",
        };
        if (_https.Certificates is { } ca)
        {
            environment["SSL_CERT_FILE"] = ca.CaCertificatePath;
        }

        return environment;
    }
}
