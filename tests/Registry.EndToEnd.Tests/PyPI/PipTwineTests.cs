using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.PyPI;

/// <summary>
/// The real <c>twine</c> and <c>pip</c> against the sample host process: uploads (and <c>--skip-existing</c>) with a
/// personal token from a .pypirc, a deploy token and a CI job token, <c>pip install</c>, <c>pip download</c> and <c>pip install -r</c> with the token in
/// the index URL, resolution through PEP 658 metadata files without downloading the wheels pip does not install, and
/// anonymous installs from a public project and its group. pip runs with no config file, no cache and a
/// <c>--target</c> directory, so nothing reaches the machine's site-packages or any other index.
/// </summary>
public sealed class PipTwineTests : IClassFixture<PyPIHostProcess>, IDisposable
{
    private readonly PyPIHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-pypi-").FullName;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public PipTwineTests(PyPIHostProcess host) => _host = host;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    [ClientFact("twine", "python3")]
    public async Task Twine_uploads_and_pip_resolves_through_metadata_files_with_a_personal_token()
    {
        using var api = new DirectoryApi(_host);
        var (_, _, token) = await api.CreateDeveloperAsync("demo/app");
        var projectId = await api.ProjectIdAsync("demo/app");
        var repository = $"{_host.BaseUrl}/api/v4/projects/{projectId}/packages/pypi";
        var lib = "e2e-lib-" + _suffix;
        var dist = Directory.CreateDirectory(Path.Combine(_work, "dist")).FullName;
        var files = new[]
        {
            await Distributions.WriteWheelAsync(dist, lib, "1.0.0"),
            await Distributions.WriteSdistAsync(dist, lib, "1.0.0"),
            // 2.0.0 needs a project that does not exist, so pip must read its metadata, give it up and take 1.0.0.
            await Distributions.WriteWheelAsync(dist, lib, "2.0.0", "e2e-missing-" + _suffix + ">=1"),
        };
        var pypirc = Path.Combine(_work, ".pypirc");
        await File.WriteAllTextAsync(pypirc, $"[distutils]\nindex-servers = gitlab\n\n[gitlab]\nrepository = {repository}\nusername = __token__\npassword = {token}\n");

        var upload = await TwineAsync(["upload", "--config-file", pypirc, "--repository", "gitlab", .. files]);
        upload.ExitCode.Should().Be(0, upload.StdOut + upload.StdErr + _host.Output);

        var repeat = await TwineAsync(["upload", "--config-file", pypirc, "--repository", "gitlab", files[0]]);
        repeat.ExitCode.Should().NotBe(0);
        (repeat.StdOut + repeat.StdErr).Should().Contain("400 Bad Request");
        var skip = await TwineAsync(["upload", "--config-file", pypirc, "--repository", "gitlab", "--skip-existing", .. files]);
        skip.ExitCode.Should().Be(0, skip.StdOut + skip.StdErr);
        (skip.StdOut + skip.StdErr).Should().Contain("Skipping");

        var index = $"http://__token__:{token}@127.0.0.1:{_host.Port}/api/v4/projects/{projectId}/packages/pypi/simple/";
        var target = Path.Combine(_work, "site");
        var install = await PipAsync("install", "--target", target, "--index-url", index, lib);
        install.ExitCode.Should().Be(0, install.StdOut + install.StdErr + _host.Output);
        Directory.Exists(Path.Combine(target, $"{lib.Replace('-', '_')}-1.0.0.dist-info")).Should().BeTrue(install.StdOut);

        var served = _host.ServedRequests().Where(r => r.Status == 200).Select(r => r.Path).ToList();
        var wheel2 = Distributions.WheelName(lib, "2.0.0");
        served.Should().Contain(p => p.EndsWith("/" + wheel2 + ".metadata", StringComparison.Ordinal), "pip reads 2.0.0's dependencies from its metadata file");
        served.Should().NotContain(p => p.EndsWith("/" + wheel2, StringComparison.Ordinal), "pip never downloads the wheel it does not install");
        served.Should().Contain(p => p.EndsWith("/" + Distributions.WheelName(lib, "1.0.0"), StringComparison.Ordinal));

        var downloads = Path.Combine(_work, "downloads");
        var download = await PipAsync("download", "--no-deps", "--dest", downloads, "--index-url", index, $"{lib}==1.0.0");
        download.ExitCode.Should().Be(0, download.StdOut + download.StdErr);
        (await File.ReadAllBytesAsync(Path.Combine(downloads, Distributions.WheelName(lib, "1.0.0")))).Should().Equal(await File.ReadAllBytesAsync(files[0]));

        var requirements = Path.Combine(_work, "requirements.txt");
        await File.WriteAllTextAsync(requirements, $"{lib.ToUpperInvariant().Replace('-', '_')}==1.0.0\n");
        var fromFile = await PipAsync("install", "--target", Path.Combine(_work, "site-r"), "--index-url", index, "-r", requirements);
        fromFile.ExitCode.Should().Be(0, fromFile.StdOut + fromFile.StdErr + _host.Output);
        File.Exists(Path.Combine(_work, "site-r", lib.Replace('-', '_'), "__init__.py")).Should().BeTrue();

        // The sdist is listed with its hash and downloads as uploaded.
        var page = await GetJsonAsync($"{_host.BaseUrl}/api/v4/projects/{projectId}/packages/pypi/simple/{lib}/", token);
        var sdist = page["files"]!.AsArray().Single(f => f!["filename"]!.GetValue<string>() == Distributions.SdistName(lib, "1.0.0"))!;
        var sdistUrl = new Uri(new Uri($"{_host.BaseUrl}/api/v4/projects/{projectId}/packages/pypi/simple/{lib}/"), sdist["url"]!.GetValue<string>());
        (await GetBytesAsync(sdistUrl.AbsoluteUri, token)).Should().Equal(await File.ReadAllBytesAsync(files[1]));
    }

    [ClientFact("twine", "python3")]
    public async Task Pip_installs_anonymously_from_a_public_project_and_its_group()
    {
        var group = "pypi-public-" + _suffix;
        using var api = new DirectoryApi(_host);
        var projectId = await api.ProjectIdAsync(await api.CreatePublicProjectAsync(group));
        var name = "e2e-open-" + _suffix;
        var wheel = await Distributions.WriteWheelAsync(Directory.CreateDirectory(Path.Combine(_work, "dist")).FullName, name, "0.1.0");
        var upload = await TwineAsync(["upload", "--repository-url", $"{_host.BaseUrl}/api/v4/projects/{projectId}/packages/pypi/", "-u", "anyone", "-p", SampleHostProcess.AdminToken, wheel]);
        upload.ExitCode.Should().Be(0, upload.StdOut + upload.StdErr + _host.Output);

        var anonymousUpload = await TwineAsync(["upload", "--repository-url", $"{_host.BaseUrl}/api/v4/projects/{projectId}/packages/pypi", "-u", "anyone", "-p", "glpat-not-a-token", wheel]);
        anonymousUpload.ExitCode.Should().NotBe(0);
        (anonymousUpload.StdOut + anonymousUpload.StdErr).Should().Contain("401");

        var project = await PipAsync("install", "--target", Path.Combine(_work, "site"), "--index-url", $"{_host.BaseUrl}/api/v4/projects/{projectId}/packages/pypi/simple/", name);
        project.ExitCode.Should().Be(0, project.StdOut + project.StdErr + _host.Output);

        var viaGroup = await PipAsync("install", "--target", Path.Combine(_work, "site-group"), "--index-url", $"{_host.BaseUrl}/api/v4/groups/{group}/-/packages/pypi/simple/", name + "==0.1.0");
        viaGroup.ExitCode.Should().Be(0, viaGroup.StdOut + viaGroup.StdErr + _host.Output);
        File.Exists(Path.Combine(_work, "site-group", name.Replace('-', '_'), "__init__.py")).Should().BeTrue();
    }

    [ClientFact("twine", "python3")]
    public async Task A_protection_rule_refuses_developer_and_deploy_token_uploads_and_twine_shows_why()
    {
        using var api = new DirectoryApi(_host);
        var (_, _, developer) = await api.CreateDeveloperAsync("demo/app");
        var (deployName, deploy) = await api.CreateDeployTokenAsync("demo/app");
        var name = "e2e-protected-" + _suffix;
        await api.ProtectAsync("demo/app", "pypi", "e2e-protected-*", push: "maintainer");
        var wheel = await Distributions.WriteWheelAsync(Directory.CreateDirectory(Path.Combine(_work, "dist")).FullName, name, "1.0.0");
        var url = $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/pypi";

        foreach (var (user, token) in new[] { ("__token__", developer), (deployName, deploy) })
        {
            var refused = await TwineAsync(["upload", "--repository-url", url, "-u", user, "-p", token, wheel]);
            refused.ExitCode.Should().NotBe(0);
            (refused.StdOut + refused.StdErr).Should().Contain("403").And.Contain("Package protected.", "twine prints the reason phrase: {0}{1}", refused.StdOut, refused.StdErr);
        }

        var admin = await TwineAsync(["upload", "--repository-url", url, "-u", "__token__", "-p", SampleHostProcess.AdminToken, wheel]);
        admin.ExitCode.Should().Be(0, admin.StdOut + admin.StdErr + _host.Output);
    }

    [ClientFact("twine", "python3")]
    public async Task Deploy_and_job_tokens_upload_with_twine_and_install_with_pip()
    {
        using var api = new DirectoryApi(_host);
        var (deployName, deploy) = await api.CreateDeployTokenAsync("demo/app");
        var (_, userId, _) = await api.CreateDeveloperAsync("demo/app");
        var job = await api.StartJobAsync("demo/app", userId);
        var tokens = new[] { (deployName, deploy), ("gitlab-ci-token", job) };
        var dist = Directory.CreateDirectory(Path.Combine(_work, "dist")).FullName;
        foreach (var (user, token) in tokens)
        {
            var name = $"e2e-{user}-{_suffix}";
            var wheel = await Distributions.WriteWheelAsync(dist, name, "1.0.0");
            var upload = await TwineAsync(["upload", "--repository-url", $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/pypi", "-u", user, "-p", token, wheel]);
            upload.ExitCode.Should().Be(0, user + upload.StdOut + upload.StdErr + _host.Output);

            var install = await PipAsync("install", "--target", Path.Combine(_work, "site-" + user), "--index-url", $"http://{user}:{token}@127.0.0.1:{_host.Port}/api/v4/projects/demo%2Fapp/packages/pypi/simple/", name);
            install.ExitCode.Should().Be(0, user + install.StdOut + install.StdErr + _host.Output);
            File.Exists(Path.Combine(_work, "site-" + user, name.Replace('-', '_'), "__init__.py")).Should().BeTrue();
        }
    }

    [ClientFact("python3")]
    public async Task Pip_without_credentials_on_a_private_project_is_refused_with_401()
    {
        var name = "e2e-private-" + _suffix;
        var install = await PipAsync("install", "--target", Path.Combine(_work, "site"), "--index-url", $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/pypi/simple/", name);

        install.ExitCode.Should().NotBe(0);
        (install.StdOut + install.StdErr).Should().Contain("No matching distribution found for " + name);
        _host.ServedRequests().Should().Contain(($"/api/v4/projects/demo/app/packages/pypi/simple/{name}/", 401), "pip treats a refused index page as no versions");
    }

    private static async Task<JsonNode> GetJsonAsync(string url, string token)
    {
        using var http = new HttpClient();
        using var request = Authorized(url, token);
        request.Headers.Accept.ParseAdd("application/vnd.pypi.simple.v1+json");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<byte[]> GetBytesAsync(string url, string token)
    {
        using var http = new HttpClient();
        using var request = Authorized(url, token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static HttpRequestMessage Authorized(string url, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("__token__:" + token)));
        return request;
    }

    private Task<(int ExitCode, string StdOut, string StdErr)> TwineAsync(string[] arguments) =>
        RunAsync("twine", ["--no-color", .. arguments.Take(1), "--non-interactive", "--disable-progress-bar", .. arguments.Skip(1)]);

    private Task<(int ExitCode, string StdOut, string StdErr)> PipAsync(params string[] arguments) =>
        RunAsync("python3", ["-m", "pip", .. arguments.Take(1), "--no-cache-dir", "--no-input", "--disable-pip-version-check", .. arguments.Skip(1)]);

    /// <summary>Runs a Python tool isolated from the machine: no pip or twine configuration, no keyring, its own HOME.</summary>
    private async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string executable, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(ExternalTool.FindOrNull(executable) ?? executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _work,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The machine's own pip settings (PIP_FIND_LINKS, an index URL) would let pip find packages elsewhere.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("PIP_", StringComparison.Ordinal) || k.StartsWith("TWINE_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        var home = Directory.CreateDirectory(Path.Combine(_work, "home")).FullName;
        info.Environment["HOME"] = home;
        info.Environment["PIP_CONFIG_FILE"] = "/dev/null";
        info.Environment["PIP_ROOT_USER_ACTION"] = "ignore";
        info.Environment["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring";
        info.Environment["PYTHONNOUSERSITE"] = "1";
        info.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
