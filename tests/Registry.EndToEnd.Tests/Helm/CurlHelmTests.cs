using System.Text.Json;
using Registry.EndToEnd.Tests.Infrastructure;
using Registry.Tests.Helm;

namespace Registry.EndToEnd.Tests.Helm;

/// <summary>
/// Helm's request sequences replayed with curl against the sample host process (no helm client installs here; the
/// sequences and headers are read from helm's and chartmuseum/helm-push's sources, see <see cref="HelmCharts"/>):
/// <c>helm cm-push</c> (GET index.yaml for <c>serverInfo.contextPath</c>, then the multipart POST of <c>chart</c>),
/// <c>helm repo add</c>/<c>update</c> (GET index.yaml, Basic auth, <c>User-Agent: Helm/…</c>) and <c>helm pull --version</c>
/// (the entry's relative URL resolved against the repository URL), with a personal, a deploy and a job token.
/// </summary>
public sealed class CurlHelmTests : IClassFixture<SampleHostProcess>, IDisposable
{
    private readonly SampleHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-helm-").FullName;

    public CurlHelmTests(SampleHostProcess host) => _host = host;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [ClientFact("curl")]
    public async Task Cm_push_repo_add_and_pull_replayed_with_curl_with_personal_deploy_and_job_tokens()
    {
        using var directory = new DirectoryApi(_host);
        var projectId = await directory.ProjectIdAsync("demo/app");
        var repo = $"{_host.BaseUrl}/api/v4/projects/{projectId}/packages/helm/stable";
        var (developer, developerId, developerToken) = await directory.CreateDeveloperAsync("demo/app");
        var (deployName, deployToken) = await directory.CreateDeployTokenAsync("demo/app");
        var jobToken = await directory.StartJobAsync("demo/app", developerId);

        var chart = HelmCharts.Package("e2e-chart", "0.1.0");
        var chartPath = Path.Combine(_work, "e2e-chart-0.1.0.tgz");
        await File.WriteAllBytesAsync(chartPath, chart);

        // helm cm-push e2e-chart-0.1.0.tgz <repo> --username <developer> --password <token>
        var contextPath = (string)HelmCharts.ReadIndex(await CurlTextAsync(repo + "/index.yaml", $"{developer}:{developerToken}", "Go-http-client/1.1")).ServerInfo!["contextPath"];
        var repoPath = new Uri(repo).AbsolutePath;
        repoPath.Should().StartWith(contextPath);
        var push = await ExternalTool.RunAsync("curl", [
            "--silent", "--show-error", "--user", $"{developer}:{developerToken}", "--user-agent", "Go-http-client/1.1",
            "--header", "Transfer-Encoding: chunked", "--form", $"chart=@{chartPath};type=application/octet-stream",
            "--write-out", "\n%{http_code}", $"{_host.BaseUrl}{contextPath}/api{repoPath[contextPath.Length..]}/charts"]);
        push.ExitCode.Should().Be(0, push.StdErr + _host.Output);
        var pushLines = push.StdOut.Split('\n');
        pushLines[^1].Should().Be("201", push.StdOut);
        JsonDocument.Parse(pushLines[0]).RootElement.GetProperty("message").GetString().Should().Be("201 Created");

        // helm repo add t <repo> --username --password, helm repo update, helm pull t/e2e-chart --version 0.1.0, with each token kind.
        foreach (var credential in new[] { $"{developer}:{developerToken}", $"{deployName}:{deployToken}", $"gitlab-ci-token:{jobToken}" })
        {
            var index = HelmCharts.ReadIndex(await CurlTextAsync(repo + "/index.yaml", credential, HelmCharts.HelmUserAgent));
            index.ApiVersion.Should().Be("v1");
            var entry = index.Entries["e2e-chart"].Should().ContainSingle().Subject;
            entry.Version.Should().Be("0.1.0");
            entry.Urls.Should().Equal("charts/e2e-chart-0.1.0.tgz");

            var pulled = Path.Combine(_work, "pulled.tgz");
            var url = new Uri(new Uri(repo + "/"), entry.Urls[0]).ToString();
            var pull = await ExternalTool.RunAsync("curl", ["--silent", "--show-error", "--fail", "--user", credential, "--user-agent", HelmCharts.HelmUserAgent, "--output", pulled, url]);
            pull.ExitCode.Should().Be(0, pull.StdErr);
            var bytes = await File.ReadAllBytesAsync(pulled);
            HelmCharts.Sha256(bytes).Should().Be(entry.Digest);
            bytes.Should().Equal(chart);
        }

        var anonymous = await ExternalTool.RunAsync("curl", ["--silent", "--output", "/dev/null", "--write-out", "%{http_code}", "--user-agent", HelmCharts.HelmUserAgent, repo + "/index.yaml"]);
        anonymous.StdOut.Should().Be("401", "demo/app is private");
    }

    [ClientFact("curl")]
    public async Task A_chart_with_a_traversal_entry_is_refused_and_nothing_is_stored()
    {
        using var directory = new DirectoryApi(_host);
        var projectId = await directory.ProjectIdAsync("demo/app");
        var blobsBefore = BlobCount();
        var evil = Path.Combine(_work, "evil-1.0.0.tgz");
        await File.WriteAllBytesAsync(evil, HelmCharts.Tgz([new("evil/Chart.yaml", "apiVersion: v2\nname: evil\nversion: 1.0.0\n"), new("evil/../../escape", "x")]));

        var push = await ExternalTool.RunAsync("curl", [
            "--silent", "--user", $"root:{SampleHostProcess.AdminToken}", "--form", $"chart=@{evil}",
            "--write-out", "\n%{http_code}", $"{_host.BaseUrl}/api/v4/projects/{projectId}/packages/helm/api/stable/charts"]);

        push.StdOut.Split('\n')[^1].Should().Be("400");
        push.StdOut.Should().Contain("a path with '..'");
        BlobCount().Should().Be(blobsBefore);
    }

    private int BlobCount()
    {
        var blobs = Path.Combine(_host.DataPath, "blobs");
        return Directory.Exists(blobs) ? Directory.GetFiles(blobs, "*", SearchOption.AllDirectories).Length : 0;
    }

    private static async Task<string> CurlTextAsync(string url, string credential, string userAgent)
    {
        var result = await ExternalTool.RunAsync("curl", ["--silent", "--show-error", "--fail-with-body", "--user", credential, "--user-agent", userAgent, url]);
        result.ExitCode.Should().Be(0, $"GET {url}: {result.StdErr} {result.StdOut}");
        return result.StdOut;
    }
}
