using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Formats.Tests.Api;
using Registry.Formats.Tests.Authorization;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Pages;

/// <summary>
/// The web pages' server side (MapPackageRegistryPages in the sample): which paths are pages, the shell's headers and
/// assets, <c>_links.web_path</c> of every format opening its page, and the small APIs the pages use (details with
/// metadata, download by file id, no browser challenge for the pages' own requests). The pages themselves are driven in
/// Chromium by the end-to-end PackageRegistryPagesTests.
/// </summary>
public sealed class PackagePagesTests : PackagesApiTestBase
{
    [Fact]
    public async Task Every_formats_package_web_path_opens_its_page()
    {
        // npm's matrix package is scoped @acme, so the project lives under the top-level group acme.
        var acme = await Host.Directory.TryCreateGroupAsync("acme", "acme", null, ProjectVisibility.Private, default) ?? throw new InvalidOperationException("acme exists");
        var project = await Host.Directory.TryCreateProjectAsync("web", "web", acme.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default)
            ?? throw new InvalidOperationException("acme/web exists");
        foreach (var format in MatrixFormats.All)
        {
            await format.PublishAsAdminAsync(Client, project, "paged");
        }

        await PublishAsync("paged", "1.0.0", project: "acme%2Fweb");

        var (_, listed) = await GetJsonAsync($"/api/v4/projects/{project.Id}/packages?per_page=100");
        var packages = listed.EnumerateArray().ToList();
        packages.Select(static p => p.GetProperty("package_type").GetString()).Should().OnlyHaveUniqueItems()
            .And.HaveCount(MatrixFormats.All.Count + 1, "one package of each format, and a generic one");
        foreach (var package in packages)
        {
            var id = package.GetProperty("id").GetInt64();
            var type = package.GetProperty("package_type").GetString();
            var webPath = package.GetProperty("_links").GetProperty("web_path").GetString()!;
            webPath.Should().Be(type == "terraform_module" ? $"/acme/web/-/infrastructure_registry/{id}" : $"/acme/web/-/packages/{id}");

            using var page = await Client.GetAsync(webPath);
            var html = await page.Content.ReadAsStringAsync();
            page.StatusCode.Should().Be(HttpStatusCode.OK, $"{type}: {webPath}");
            page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
            html.Should().Contain("data-view=\"package\"").And.Contain($"data-package-id=\"{id}\"").And.Contain("data-full-path=\"acme/web\"");

            var (_, details) = await GetJsonAsync($"/api/v4/projects/{project.Id}/packages/{id}/details");
            details.GetProperty("snippets").GetArrayLength().Should().BePositive($"{type} has snippets for its page");
            details.GetProperty("files").GetArrayLength().Should().BePositive();
        }

        var npm = packages.Single(static p => p.GetProperty("package_type").GetString() == "npm").GetProperty("id").GetInt64();
        var (_, npmDetails) = await GetJsonAsync($"/api/v4/projects/{project.Id}/packages/{npm}/details");
        npmDetails.GetProperty("metadata").GetProperty("name").GetString().Should().Be("@acme/paged", "the page shows the format's metadata");
    }

    [Theory]
    [InlineData("/demo/app/-/packages", "project-list")]
    [InlineData("/demo/app/-/packages?search=a&type=npm&order_by=name&sort=asc&page=2", "project-list")]
    [InlineData("/groups/demo/-/packages", "group-list")]
    [InlineData("/demo/app/-/infrastructure_registry", "project-list")]
    [InlineData("/groups/demo/-/infrastructure_registry", "group-list")]
    [InlineData("/demo/app/-/packages/42", "package")]
    [InlineData("/demo/app/-/infrastructure_registry/42", "package")]
    [InlineData("/a/b/c.d/e_f/-/packages", "project-list")]
    public async Task Page_paths_answer_the_shell_with_headers_that_keep_it_to_this_host(string path, string view)
    {
        using var response = await Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/html; charset=utf-8");
        Header(response, "Content-Security-Policy").Should().Contain("default-src 'none'").And.Contain("connect-src 'self'").And.Contain("script-src 'self'");
        Header(response, "X-Frame-Options").Should().Be("DENY");
        html.Should().Contain($"data-view=\"{view}\"").And.Contain("/-/package_registry/assets/pages.js");
        html.Should().NotContain("http://", "every asset comes from this host, by path").And.NotContain("https://");
    }

    [Theory]
    [InlineData("/demo/app/-/packages/abc")]
    [InlineData("/demo/app/-/packages/0")]
    [InlineData("/demo/app/-/packages/1/files")]
    [InlineData("/demo/app/-/pipelines")]
    [InlineData("/groups/demo/-/packages/5")]
    [InlineData("/-/packages")]
    [InlineData("/api/v4/groups/demo/-/packages")]
    [InlineData("/demo/app%3Cscript%3E/-/packages")]
    public async Task Other_paths_are_left_to_the_host(string path)
    {
        using var response = await Client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (response.Content.Headers.ContentType?.MediaType).Should().NotBe("text/html");
    }

    [Fact]
    public async Task Assets_are_served_from_the_assembly_and_revalidated_by_etag()
    {
        using var script = await Client.GetAsync("/-/package_registry/assets/pages.js");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        (await script.Content.ReadAsStringAsync()).Should().Contain("PRIVATE-TOKEN").And.Contain("sessionStorage");
        var etag = script.Headers.ETag!.Tag;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/-/package_registry/assets/pages.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        using var revalidated = await Client.SendAsync(again);
        revalidated.StatusCode.Should().Be(HttpStatusCode.NotModified);

        using var styles = await Client.GetAsync("/-/package_registry/assets/pages.css");
        styles.Content.Headers.ContentType!.MediaType.Should().Be("text/css");
        (await Client.GetAsync("/-/package_registry/assets/shell.html")).StatusCode.Should().Be(HttpStatusCode.NotFound, "the shell is rendered, never served raw");
    }

    [Fact]
    public async Task A_file_downloads_by_id_for_those_who_may_pull()
    {
        await PublishAsync("tool", "1.0.0", file: "tool.bin", content: "hello pages");
        await PublishAsync("other", "1.0.0", file: "other.bin", content: "other");
        var id = await PackageIdAsync("tool");
        var otherId = await PackageIdAsync("other");
        var (_, files) = await GetJsonAsync($"{Demo}/packages/{id}/package_files");
        var fileId = files[0].GetProperty("id").GetInt64();

        using var download = await Client.GetAsync($"{Demo}/packages/{id}/package_files/{fileId}/download", Admin);
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsStringAsync()).Should().Be("hello pages");
        Header(download, "X-Checksum-SHA256").Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hello pages"))));
        download.Content.Headers.ContentDisposition!.FileName.Should().Be("tool.bin");

        (await Client.GetAsync($"{Demo}/packages/{otherId}/package_files/{fileId}/download", Admin)).StatusCode.Should().Be(HttpStatusCode.NotFound, "the file belongs to another package");
        (await Client.GetAsync($"{Demo}/packages/{id}/package_files/{fileId + 100}/download", Admin)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Client.GetAsync($"{Demo}/packages/{id}/package_files/{fileId}/download", token: null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "demo/app is private");
    }

    [Fact]
    public async Task A_pages_script_request_is_refused_without_the_challenge_that_opens_a_browser_dialog()
    {
        using var scripted = new HttpRequestMessage(HttpMethod.Get, $"{Demo}/packages");
        scripted.Headers.Add("X-Requested-With", "XMLHttpRequest");
        using var refused = await Client.SendAsync(scripted);
        using var client = await Client.GetAsync($"{Demo}/packages", token: null);
        using var badToken = new HttpRequestMessage(HttpMethod.Get, $"{Demo}/packages");
        badToken.Headers.Add("X-Requested-With", "XMLHttpRequest");
        badToken.Headers.Add("PRIVATE-TOKEN", "glpat-not-a-token");
        using var refusedToken = await Client.SendAsync(badToken);

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refused.Headers.WwwAuthenticate.Should().BeEmpty();
        refusedToken.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refusedToken.Headers.WwwAuthenticate.Should().BeEmpty();
        client.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        client.Headers.WwwAuthenticate.ToString().Should().StartWith("Basic", "every protocol client still gets the challenge it retries on");
    }

    [Fact]
    public async Task Details_carry_the_formats_metadata_and_none_for_generic()
    {
        await PublishAsync("tool", "1.0.0");
        var id = await PackageIdAsync("tool");

        var (_, details) = await GetJsonAsync($"{Demo}/packages/{id}/details");

        details.GetProperty("metadata").ValueKind.Should().Be(JsonValueKind.Null);
    }
}
