using System.Net;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Npm;

/// <summary>npm installs a package whose tarball the host answers with a redirect to a presigned S3 URL.</summary>
public sealed class NpmRedirectTests(S3RedirectHost s3) : IClassFixture<S3RedirectHost>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("registry-npm-s3-").FullName;

    private string Registry => $"{s3.Host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SkippableFact]
    public async Task Npm_follows_the_redirect_to_the_bucket_when_downloads_are_not_proxied()
    {
        Skip.If(s3.SkipReason is not null, s3.SkipReason);
        Skip.If(ExternalTool.FindOrNull("npm") is null && !ExternalTool.E2ERequired, "not installed: npm");
        var package = NewDirectory("lib", "{\"name\":\"s3-redirected\",\"version\":\"1.0.0\",\"main\":\"index.js\"}");
        await File.WriteAllTextAsync(Path.Combine(package, "index.js"), "module.exports = 'from the bucket';\n");
        await NpmAsync(package, "publish");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var tarball = new HttpRequestMessage(HttpMethod.Get, $"{Registry}s3-redirected/-/s3-redirected-1.0.0.tgz");
        tarball.Headers.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        using var redirect = await http.SendAsync(tarball);

        var app = NewDirectory("app", "{\"name\":\"app\",\"version\":\"1.0.0\",\"private\":true}");
        await NpmAsync(app, "install", "s3-redirected@1.0.0");

        redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
        (await File.ReadAllTextAsync(Path.Combine(app, "node_modules", "s3-redirected", "index.js"))).Should().Contain("from the bucket");
    }

    private string NewDirectory(string name, string packageJson)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, name)).FullName;
        var nerf = Registry[Registry.IndexOf("//", StringComparison.Ordinal)..];
        File.WriteAllText(Path.Combine(dir, ".npmrc"), $"registry={Registry}\n{nerf}:_authToken={SampleHostProcess.AdminToken}\naudit=false\nfund=false\nupdate-notifier=false\n");
        File.WriteAllText(Path.Combine(dir, "package.json"), packageJson);
        return dir;
    }

    private async Task NpmAsync(string dir, params string[] args)
    {
        var userConfig = Path.Combine(_work, "userconfig");
        await File.WriteAllTextAsync(userConfig, string.Empty);
        var (exit, stdout, stderr) = await ExternalTool.RunAsync(
            "npm", [.. args, "--registry", Registry, "--cache", Path.Combine(_work, "cache"), "--userconfig", userConfig], dir);
        exit.Should().Be(0, $"npm {string.Join(' ', args)} failed:\n{stdout}\n{stderr}\n--- host ---\n{s3.Host.Output}");
    }
}
