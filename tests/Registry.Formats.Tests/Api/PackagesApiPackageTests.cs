using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Api;

public sealed class PackagesApiPackageTests : PackagesApiTestBase
{
    [Fact]
    public async Task Get_package_files_and_pipelines_of_a_package_published_by_a_job()
    {
        var admin = (await Host.Directory.FindUserOrNullAsync("admin", default))!;
        var demo = (await Host.Services.GetService<IProjectDirectory>()!.FindProjectOrNullAsync("demo/app", default))!;
        var job = await Host.Directory.StartJobAsync(demo.Id, admin.Id, 77, "main", "abc123", default);
        await PublishAsync("tool", "1.0.0", file: "tool.bin", content: "hello", token: job.Token, header: "JOB-TOKEN");
        var id = await PackageIdAsync("tool");

        var (_, package) = await GetJsonAsync($"{Demo}/packages/{id}");
        package.GetProperty("name").GetString().Should().Be("tool");
        package.GetProperty("pipelines")[0].GetProperty("id").GetInt64().Should().Be(77);
        package.GetProperty("_links").GetProperty("delete_api_path").GetString().Should().Be($"http://localhost/api/v4/projects/{demo.Id}/packages/{id}");

        var (filesResponse, files) = await GetJsonAsync($"{Demo}/packages/{id}/package_files");
        Header(filesResponse, "X-Total").Should().Be("1");
        var file = files.EnumerateArray().Single();
        file.GetProperty("package_id").GetInt64().Should().Be(id);
        file.GetProperty("file_name").GetString().Should().Be("tool.bin");
        file.GetProperty("size").GetInt64().Should().Be(5);
        file.GetProperty("file_sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("hello"))));
        file.GetProperty("file_md5").GetString().Should().HaveLength(32);
        file.GetProperty("file_sha1").GetString().Should().HaveLength(40);
        file.GetProperty("pipelines").GetArrayLength().Should().Be(0);
        file.GetProperty("created_at").GetString().Should().NotBeNullOrEmpty();

        var (_, pipelines) = await GetJsonAsync($"{Demo}/packages/{id}/pipelines");
        var pipeline = pipelines.EnumerateArray().Single();
        pipeline.GetProperty("id").GetInt64().Should().Be(77);
        pipeline.GetProperty("ref").GetString().Should().Be("main");
        pipeline.GetProperty("sha").GetString().Should().Be("abc123");
        pipeline.GetProperty("user").GetProperty("id").GetInt64().Should().Be(admin.Id);
    }

    [Fact]
    public async Task A_single_package_lists_its_names_other_versions_and_omits_empty_pipelines_as_GitLab()
    {
        await PublishAsync("tool", "1.0.0");
        await PublishAsync("tool", "2.0.0");
        await PublishAsync("tool", "3.0.0");
        await PublishAsync("other", "1.0.0");
        var (_, listed) = await GetJsonAsync($"{Demo}/packages?package_name=tool&order_by=version&sort=asc");
        var ids = listed.EnumerateArray().Select(static p => p.GetProperty("id").GetInt64()).ToArray();
        listed.EnumerateArray().Select(static p => p.TryGetProperty("pipelines", out _) || p.TryGetProperty("versions", out _)).Should().NotContain(true);
        (await Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{Demo}/packages/{ids[2]}").WithToken(Admin))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var (_, package) = await GetJsonAsync($"{Demo}/packages/{ids[0]}");

        package.TryGetProperty("pipelines", out _).Should().BeFalse();
        var version = package.GetProperty("versions").EnumerateArray().Should().ContainSingle("a deleted version and other names are not versions").Subject;
        version.GetProperty("id").GetInt64().Should().Be(ids[1]);
        version.GetProperty("version").GetString().Should().Be("2.0.0");
        version.GetProperty("tags").GetArrayLength().Should().Be(0);
        version.TryGetProperty("pipelines", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("include_versionless=true", HttpStatusCode.OK)]
    [InlineData("include_versionless=false", HttpStatusCode.OK)]
    [InlineData("include_versionless=maybe", HttpStatusCode.BadRequest)]
    public async Task Include_versionless_is_accepted_as_GitLab_does(string query, HttpStatusCode expected)
    {
        await PublishAsync("tool", "1.0.0");

        var response = await Client.GetAsync($"{Demo}/packages?{query}", Admin);

        response.StatusCode.Should().Be(expected);
    }

    [Fact]
    public async Task Unknown_package_answers_GitLabs_404_message()
    {
        var response = await Client.GetAsync($"{Demo}/packages/999999", Admin);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json");
        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            json.RootElement.GetProperty("message").GetString().Should().Be("404 Package Not Found");
        }

        (await Client.GetAsync($"{Demo}/packages/999999/package_files", Admin)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Client.GetAsync($"{Demo}/packages/999999/pipelines", Admin)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Package_files_are_paged()
    {
        await PublishAsync("tool", "1.0.0", file: "a.txt");
        await PublishAsync("tool", "1.0.0", file: "b.txt");
        await PublishAsync("tool", "1.0.0", file: "c.txt");
        var id = await PackageIdAsync("tool");

        var (response, files) = await GetJsonAsync($"{Demo}/packages/{id}/package_files?per_page=2&page=2");

        files.EnumerateArray().Select(f => f.GetProperty("file_name").GetString()).Should().Equal("c.txt");
        Header(response, "X-Total").Should().Be("3");
        Header(response, "X-Prev-Page").Should().Be("1");
        (await Client.GetAsync($"{Demo}/packages/{id}/package_files?per_page=500", Admin)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Delete_needs_maintainer_and_hides_the_package()
    {
        var project = await Host.CreateProjectAsync("team", "lib", ProjectVisibility.Private);
        var developer = await TokenWithRoleAsync("dev", project, AccessLevel.Developer);
        var maintainer = await TokenWithRoleAsync("maint", project, AccessLevel.Maintainer);
        await PublishAsync("tool", "1.0.0", file: "a.txt", project: "team%2Flib");
        await PublishAsync("keep", "1.0.0", file: "a.txt", project: "team%2Flib");
        var id = await PackageIdAsync("tool", "/api/v4/projects/team%2Flib");
        var url = $"/api/v4/projects/team%2Flib/packages/{id}";

        (await DeleteAsync(url, developer)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await DeleteAsync(url, token: null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await DeleteAsync(url, maintainer)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await NamesAsync("/api/v4/projects/team%2Flib/packages", maintainer)).Should().Equal("keep");
        (await Client.GetAsync("/api/v4/projects/team%2Flib/packages/generic/tool/1.0.0/a.txt", maintainer)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Client.GetAsync(url, maintainer)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await DeleteAsync(url, maintainer)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_file_removes_only_that_file()
    {
        await PublishAsync("tool", "1.0.0", file: "a.txt", content: "a");
        await PublishAsync("tool", "1.0.0", file: "b.txt", content: "b");
        var id = await PackageIdAsync("tool");
        var (_, files) = await GetJsonAsync($"{Demo}/packages/{id}/package_files");
        var fileA = files.EnumerateArray().Single(f => f.GetProperty("file_name").GetString() == "a.txt").GetProperty("id").GetInt64();

        (await DeleteAsync($"{Demo}/packages/{id}/package_files/{fileA}", Admin)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var (_, after) = await GetJsonAsync($"{Demo}/packages/{id}/package_files");
        after.EnumerateArray().Select(f => f.GetProperty("file_name").GetString()).Should().Equal("b.txt");
        (await Client.GetAsync($"{Demo}/packages/generic/tool/1.0.0/a.txt", Admin)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await DeleteAsync($"{Demo}/packages/{id}/package_files/{fileA}", Admin)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await DeleteAsync($"{Demo}/packages/{id + 1000}/package_files/{fileA}", Admin)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_link_is_shown_only_to_callers_who_may_delete()
    {
        var project = await Host.CreateProjectAsync("team", "lib", ProjectVisibility.Private);
        var reporter = await TokenWithRoleAsync("rep", project, AccessLevel.Reporter);
        var developer = await TokenWithRoleAsync("dev", project, AccessLevel.Developer);
        var maintainer = await TokenWithRoleAsync("maint", project, AccessLevel.Maintainer);
        await PublishAsync("tool", "1.0.0", project: "team%2Flib");
        const string List = "/api/v4/projects/team%2Flib/packages";

        foreach (var token in new[] { reporter, developer })
        {
            var (_, json) = await GetJsonAsync(List, token);
            json[0].GetProperty("_links").TryGetProperty("delete_api_path", out _).Should().BeFalse();
        }

        var (_, forMaintainer) = await GetJsonAsync(List, maintainer);
        forMaintainer[0].GetProperty("_links").GetProperty("delete_api_path").GetString()
            .Should().Be($"http://localhost/api/v4/projects/{project.Id}/packages/{forMaintainer[0].GetProperty("id").GetInt64()}");
        forMaintainer[0].GetProperty("_links").GetProperty("web_path").GetString().Should().StartWith("/team/lib/-/packages/");
    }

    [Fact]
    public async Task Details_returns_files_pipelines_and_the_formats_snippets()
    {
        await PublishAsync("tool", "1.0.0", file: "tool.bin");
        var id = await PackageIdAsync("tool");

        var (_, details) = await GetJsonAsync($"{Demo}/packages/{id}/details");

        details.GetProperty("name").GetString().Should().Be("tool");
        details.GetProperty("files").EnumerateArray().Single().GetProperty("file_name").GetString().Should().Be("tool.bin");
        details.TryGetProperty("pipelines", out _).Should().BeFalse();
        var snippets = details.GetProperty("snippets").EnumerateArray().ToList();
        snippets.Select(s => s.GetProperty("title").GetString()).Should().Contain("Download");
        snippets.Should().OnlyContain(s => s.GetProperty("language").GetString() == "shell");
        snippets[0].GetProperty("code").GetString().Should().Contain("http://localhost/api/v4/projects/").And.Contain("/packages/generic/tool/1.0.0/tool.bin");
    }

    private Task<HttpResponseMessage> DeleteAsync(string url, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (token is not null)
        {
            request.Headers.Add("PRIVATE-TOKEN", token);
        }

        return Client.SendAsync(request);
    }
}
