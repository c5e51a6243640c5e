using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;
using Registry.Formats.Tests.Protection;

namespace Registry.Formats.Tests.Cleanup;

/// <summary>
/// The cleanup policy REST API over the sample host: GitLab's <c>keep_n_duplicated_package_files</c> and the version
/// rules, who may read, change and run it, the 400s that store nothing (an untrusted regex included), and a dry run
/// over real generic uploads that lists exactly what the run then deletes.
/// </summary>
public sealed class CleanupPolicyApiTests(ProtectionHost host) : IClassFixture<ProtectionHost>
{
    [Fact]
    public async Task A_project_without_a_policy_keeps_everything_and_a_put_changes_only_what_it_sends()
    {
        var project = await host.NewProjectAsync();
        var reporter = await ReporterAsync(project);

        var initial = await SendAsync(HttpMethod.Get, Policy(project.Id), reporter);
        initial.Status.Should().Be(200);
        initial.Body.GetRawText().Should().Be(
            $$"""{"project_id":{{project.Id}},"keep_n_duplicated_package_files":"all","keep_n_versions":null,"remove_older_than_days":null,"keep_version_regex":null,"remove_version_regex":null,"next_run_at":null}""");

        var put = await SendAsync(HttpMethod.Put, Policy(project.Id), host.Maintainer, new { keep_n_duplicated_package_files = "10", keep_n_versions = 5, remove_version_regex = "-SNAPSHOT$" });
        put.Status.Should().Be(200);
        put.Body.GetProperty("keep_n_duplicated_package_files").GetString().Should().Be("10");
        put.Body.GetProperty("keep_n_versions").GetInt32().Should().Be(5);
        put.Body.GetProperty("next_run_at").ValueKind.Should().Be(JsonValueKind.String, "a policy that deletes something is scheduled");

        var second = await SendAsync(HttpMethod.Put, Policy(project.Id), host.Maintainer, new { remove_older_than_days = "30", keep_n_versions = (int?)null });
        second.Body.GetProperty("keep_n_duplicated_package_files").GetString().Should().Be("10", "absent parameters keep their value");
        second.Body.GetProperty("keep_n_versions").ValueKind.Should().Be(JsonValueKind.Null, "null clears a rule");
        second.Body.GetProperty("remove_older_than_days").GetInt32().Should().Be(30);
        second.Body.GetProperty("remove_version_regex").GetString().Should().Be("-SNAPSHOT$");

        var off = await SendAsync(HttpMethod.Put, Policy(project.Id), host.Maintainer, new { keep_n_duplicated_package_files = "all", remove_older_than_days = "", remove_version_regex = "" });
        off.Body.GetProperty("next_run_at").ValueKind.Should().Be(JsonValueKind.Null, "a policy that deletes nothing is not scheduled");
        (await SendAsync(HttpMethod.Get, Policy(project.Id), reporter)).Body.GetRawText().Should().Be(initial.Body.GetRawText());
    }

    [Theory]
    [InlineData("keep_n_duplicated_package_files", "5", "keep_n_duplicated_package_files does not have a valid value")]
    [InlineData("keep_n_versions", "0", "keep_n_versions must be between 1 and 1000")]
    [InlineData("keep_n_versions", "many", "keep_n_versions is invalid")]
    [InlineData("remove_older_than_days", "-1", "remove_older_than_days is invalid")]
    [InlineData("remove_version_regex", "(", "remove_version_regex is not a valid regular expression")]
    [InlineData("keep_version_regex", "^(\\d)\\1$", "keep_version_regex is not a valid regular expression")]
    [InlineData("keep_version_regex", "(?=1)1", "keep_version_regex is not a valid regular expression")]
    public async Task A_bad_value_answers_400_naming_it_and_stores_nothing(string parameter, string value, string error)
    {
        var project = await host.NewProjectAsync();

        var refused = await SendAsync(HttpMethod.Put, Policy(project.Id), host.Maintainer, new Dictionary<string, string> { [parameter] = value, ["keep_n_versions"] = parameter == "keep_n_versions" ? value : "3" });

        refused.Status.Should().Be(400);
        refused.Body.GetProperty("error").GetString().Should().StartWith(error);
        (await SendAsync(HttpMethod.Get, Policy(project.Id), host.Maintainer)).Body.GetProperty("keep_n_versions").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task Reporters_read_maintainers_change_and_run()
    {
        var project = await host.NewProjectAsync();
        var reporter = await ReporterAsync(project);
        (await SendAsync(HttpMethod.Get, Policy(project.Id), token: null)).Status.Should().Be(401);
        (await SendAsync(HttpMethod.Get, Policy(project.Id), host.Developer)).Status.Should().Be(200);
        (await SendAsync(HttpMethod.Put, Policy(project.Id), reporter, new { keep_n_versions = 1 })).Status.Should().Be(403);
        (await SendAsync(HttpMethod.Put, Policy(project.Id), host.Developer, new { keep_n_versions = 1 })).Status.Should().Be(403);
        (await SendAsync(HttpMethod.Post, Policy(project.Id) + "/run?dry_run=true", host.Developer)).Status.Should().Be(403);
        (await SendAsync(HttpMethod.Put, Policy(project.Id), host.DeployToken, new { keep_n_versions = 1 }, "DEPLOY-TOKEN")).Status.Should().Be(403);
        (await SendAsync(HttpMethod.Put, Policy(project.Id), host.Owner, new { keep_n_versions = 1 })).Status.Should().Be(200);
        (await SendAsync(HttpMethod.Post, Policy(project.Id) + "/run", SampleHostFactory.AdminToken)).Status.Should().Be(200);
        (await SendAsync(HttpMethod.Post, Policy(project.Id) + "/run?dry_run=maybe", host.Maintainer)).Status.Should().Be(400);
    }

    [Fact]
    public async Task A_dry_run_over_generic_uploads_lists_exactly_what_the_run_then_deletes()
    {
        var project = await host.NewProjectAsync();
        foreach (var (version, file) in new[] { ("1.0.0", "tool.bin"), ("1.1.0", "tool.bin"), ("2.0.0", "tool.bin"), ("2.0.0", "tool.bin"), ("2.0.0", "notes.txt") })
        {
            using var upload = await host.Client.PutBytesAsync(
                $"/api/v4/projects/{project.Id}/packages/generic/tool/{version}/{file}", Encoding.UTF8.GetBytes($"{version} {file} {Guid.NewGuid()}"), host.Maintainer);
            upload.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        (await SendAsync(HttpMethod.Put, Policy(project.Id), host.Maintainer, new { keep_n_versions = 1, keep_n_duplicated_package_files = "1" })).Status.Should().Be(200);

        var dryRun = await SendAsync(HttpMethod.Post, Policy(project.Id) + "/run?dry_run=true", host.Maintainer);
        dryRun.Status.Should().Be(200);
        dryRun.Body.GetProperty("dry_run").GetBoolean().Should().BeTrue();
        (await PackageVersionsAsync(project.Id)).Should().BeEquivalentTo("1.0.0", "1.1.0", "2.0.0");

        var run = await SendAsync(HttpMethod.Post, Policy(project.Id) + "/run", host.Maintainer);

        run.Status.Should().Be(200);
        run.Body.GetProperty("dry_run").GetBoolean().Should().BeFalse();
        foreach (var field in new[] { "packages_count", "versions_count", "files_count", "bytes_freed" })
        {
            run.Body.GetProperty(field).GetInt64().Should().Be(dryRun.Body.GetProperty(field).GetInt64(), field);
        }

        Ids(run.Body, "versions").Should().Equal(Ids(dryRun.Body, "versions")).And.HaveCount(2);
        Ids(run.Body, "package_files").Should().Equal(Ids(dryRun.Body, "package_files")).And.HaveCount(1);
        run.Body.GetProperty("versions_count").GetInt32().Should().Be(2);
        run.Body.GetProperty("files_count").GetInt32().Should().Be(3);
        run.Body.GetProperty("package_files")[0].GetProperty("file_name").GetString().Should().Be("tool.bin");
        (await PackageVersionsAsync(project.Id)).Should().Equal("2.0.0");
        (await host.Client.GetAsync($"/api/v4/projects/{project.Id}/packages/generic/tool/1.0.0/tool.bin", host.Maintainer)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await host.Client.GetAsync($"/api/v4/projects/{project.Id}/packages/generic/tool/2.0.0/notes.txt", host.Maintainer)).StatusCode.Should().Be(HttpStatusCode.OK);

        var again = await SendAsync(HttpMethod.Post, Policy(project.Id) + "/run", host.Maintainer);
        again.Body.GetProperty("files_count").GetInt32().Should().Be(0, "nothing is left to delete");
    }

    private static string Policy(long projectId) => $"/api/v4/projects/{projectId}/packages/cleanup_policy";

    private static IEnumerable<long> Ids(JsonElement report, string list) => report.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("id").GetInt64());

    private async Task<IReadOnlyList<string>> PackageVersionsAsync(long projectId)
    {
        using var response = await host.Client.GetAsync($"/api/v4/projects/{projectId}/packages?per_page=100", host.Maintainer);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. body.EnumerateArray().Select(p => p.GetProperty("version").GetString() ?? string.Empty)];
    }

    private async Task<string> ReporterAsync(Project project)
    {
        var (user, token) = await host.Host.CreateUserAsync($"reporter{project.Id}");
        await host.Host.Directory.SetProjectMemberAsync(project.Id, user.Id, AccessLevel.Reporter, default);
        return token;
    }

    private async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string url, string? token, object? body = null, string header = "PRIVATE-TOKEN")
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await host.Client.SendAsync(request.WithToken(token, header));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
