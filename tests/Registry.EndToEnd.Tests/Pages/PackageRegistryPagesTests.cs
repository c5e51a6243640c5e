using System.Net;
using System.Security.Cryptography;
using System.Text;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Pages;

/// <summary>
/// The package registry's web pages in headless Chromium against the sample host: pages.e2e.mjs (playwright-core)
/// lists, searches, sorts, filters, shares a URL, opens a package, copies a snippet, deletes a version, and checks that
/// an anonymous visitor sees a public project but not a private one. It saves the README's screenshots in docs/images.
/// </summary>
public sealed class PackageRegistryPagesTests : IAsyncLifetime
{
    private const string Name = "alpha";
    private static readonly byte[] Archive = Encoding.UTF8.GetBytes("alpha release archive\n");
    private readonly SampleHostProcess _host = new();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [BrowserFact]
    public async Task Lists_filters_sorts_shares_opens_copies_and_deletes_in_headless_chromium()
    {
        using var directory = new DirectoryApi(_host);
        var publicProject = await directory.CreatePublicProjectAsync("opensource");
        var (_, developerId, _) = await directory.CreateDeveloperAsync("demo/app");
        var jobToken = await directory.StartJobAsync("demo/app", developerId);
        using var http = _host.CreateHttpClient();
        await PublishAsync(http, "demo%2Fapp", Name, "1.0.0", "alpha.tar.gz", Archive);
        await PublishAsync(http, "demo%2Fapp", Name, "1.1.0", "alpha.tar.gz", Archive);
        // The newest version comes from a CI job, so its page shows the pipeline in its activity.
        await PublishAsync(http, "demo%2Fapp", Name, "2.0.0", "alpha.tar.gz", Archive, ("JOB-TOKEN", jobToken));
        await PublishAsync(http, "demo%2Fapp", "beta", "0.3.0", "beta.bin", Encoding.UTF8.GetBytes("beta"));
        await PublishAsync(http, "demo%2Fapp", "gamma-tool", "1.2.3", "gamma", Encoding.UTF8.GetBytes("gamma"));
        await PublishAsync(http, Uri.EscapeDataString(publicProject), "pubtool", "0.1.0", "pubtool.txt", Encoding.UTF8.GetBytes("public"));

        var screenshots = ScreenshotDirectory();
        var script = Path.Combine(AppContext.BaseDirectory, "Pages", "pages.e2e.mjs");
        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync("node", [script], environment: new Dictionary<string, string>
        {
            ["PLAYWRIGHT_CORE"] = Browser.PlaywrightCore,
            ["CHROMIUM"] = Browser.Chromium,
            ["BASE_URL"] = _host.BaseUrl,
            ["TOKEN"] = SampleHostProcess.AdminToken,
            ["PRIVATE_PROJECT"] = "demo/app",
            ["PUBLIC_PROJECT"] = publicProject,
            ["PUBLIC_PACKAGE"] = "pubtool",
            ["GROUP"] = "demo",
            ["PACKAGE_NAME"] = Name,
            ["PACKAGE_SHA256"] = Convert.ToHexStringLower(SHA256.HashData(Archive)),
            ["SCREENSHOT_DIR"] = screenshots,
        }, timeout: TimeSpan.FromMinutes(5));

        exitCode.Should().Be(0, $"the browser checks failed:\n{stdout}\n{stderr}\nhost:\n{_host.Output}");
        stdout.Should().Contain("all browser checks passed");
        File.Exists(Path.Combine(screenshots, "package-list.png")).Should().BeTrue();
        File.Exists(Path.Combine(screenshots, "package-page.png")).Should().BeTrue();
    }

    private async Task PublishAsync(HttpClient http, string project, string name, string version, string file, byte[] content, (string Header, string Value)? credential = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{_host.BaseUrl}/api/v4/projects/{project}/packages/generic/{name}/{version}/{file}")
        {
            Content = new ByteArrayContent(content),
        };
        var (header, value) = credential ?? ("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        request.Headers.Add(header, value);
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The repository's docs/images (the README shows what the test saw), or a temporary directory outside a checkout.</summary>
    private static string ScreenshotDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Registry.Sdk.sln")))
            {
                return Directory.CreateDirectory(Path.Combine(directory.FullName, "docs", "images")).FullName;
            }
        }

        return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "registry-pages-screenshots")).FullName;
    }
}
