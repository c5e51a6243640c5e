using System.Net;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;
using Registry.Tests.Helm;

namespace Registry.Formats.Tests.Helm;

/// <summary>
/// The request sequences of Helm's clients, replayed over HTTP against the sample host as the clients' sources build them
/// (see <see cref="HelmCharts"/>), and every field helm reads checked with a strict decoder of helm's index model:
/// <list type="bullet">
/// <item><c>helm cm-push chart.tgz &lt;repo&gt;</c>: GET <c>{repo}/index.yaml</c> for <c>serverInfo.contextPath</c>, then
/// POST <c>path.Join(contextPath, "api", strings.TrimPrefix(repoPath, contextPath), "charts")</c> with the <c>chart</c> part.</item>
/// <item><c>helm repo add t {repo} --username u --password p</c> and <c>helm repo update</c>: GET <c>{repo}/index.yaml</c>
/// (helm's <c>ResolveReferenceURL(repo, "index.yaml")</c>), Basic auth, <c>User-Agent: Helm/…</c>.</item>
/// <item><c>helm pull t/c --version 0.1.0</c>: the index (as above), then the entry's first URL resolved against
/// <c>{repo}/</c>, with the same Basic auth since scheme and host are the repository's.</item>
/// </list>
/// </summary>
public sealed class HelmRepositoryTests : IAsyncLifetime, IDisposable
{
    private const string User = "helm-user";
    private readonly SampleHostFactory _host = new();
    private readonly HttpClient _client;
    private long _projectId;

    public HelmRepositoryTests() => _client = _host.CreateClient();

    /// <summary>A private project; its numeric id in the URL, as GitLab's Helm documentation writes it (cm-push needs it).</summary>
    public async Task InitializeAsync() => _projectId = (await _host.CreateProjectAsync("team", "charts", ProjectVisibility.Private)).Id;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private string Api => $"/api/v4/projects/{_projectId}/packages/helm";

    private string Repo(string channel = "stable") => $"http://localhost{Api}/{channel}";

    [Fact]
    public async Task Cm_push_then_repo_add_and_pull_see_every_field_and_a_download_matching_its_digest()
    {
        var chart = HelmCharts.Package("demo-chart", "0.1.0");

        var pushed = await CmPushAsync(Repo(), chart, "demo-chart-0.1.0.tgz");
        pushed.Status.Should().Be(HttpStatusCode.Created, pushed.Body);
        JsonDocument.Parse(pushed.Body).RootElement.GetProperty("message").GetString().Should().Be("201 Created");

        // helm repo add / helm repo update
        using var indexResponse = await _client.SendAsync(HelmCharts.HelmGet(Repo() + "/index.yaml", User, SampleHostFactory.AdminToken));
        indexResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        indexResponse.Content.Headers.ContentType!.MediaType.Should().Be("text/yaml");
        var index = HelmCharts.ReadIndex(await indexResponse.Content.ReadAsStringAsync());
        index.ApiVersion.Should().Be("v1");
        index.Generated.Should().BeAfter(DateTime.UtcNow.AddHours(-1));
        index.ServerInfo!["contextPath"].Should().Be(Api);
        var entry = index.Entries.Should().ContainSingle().Which.Value.Should().ContainSingle().Subject;
        entry.Name.Should().Be("demo-chart");
        entry.Version.Should().Be("0.1.0");
        entry.ApiVersion.Should().Be("v2");
        entry.AppVersion.Should().Be("1.16");
        entry.Description.Should().Be("A chart for tests");
        entry.Type.Should().Be("application");
        entry.KubeVersion.Should().Be(">=1.22.0-0");
        entry.Home.Should().Be("https://example.com/demo-chart");
        entry.Icon.Should().Be("https://example.com/demo-chart.png");
        entry.Keywords.Should().Equal("demo", "yes");
        entry.Sources.Should().Equal("https://example.com/src/demo-chart");
        entry.Maintainers.Should().ContainSingle().Which.Should().BeEquivalentTo(new HelmCharts.Maintainer { Name = "Jane Doe", Email = "jane@example.com", Url = "https://example.com/jane" });
        entry.Annotations.Should().BeEquivalentTo(new Dictionary<string, string> { ["category"] = "Demo", ["artifacthub.io/license"] = "Apache-2.0" });
        var dependency = entry.Dependencies.Should().ContainSingle().Subject;
        dependency.Name.Should().Be("common");
        dependency.Version.Should().Be("2.x.x");
        dependency.Repository.Should().Be("https://charts.example.com/stable");
        dependency.Condition.Should().Be("common.enabled");
        dependency.Tags.Should().Equal("base");
        dependency.Alias.Should().Be("shared");
        dependency.ImportValues.Should().HaveCount(2);
        entry.Deprecated.Should().BeFalse();
        entry.Digest.Should().Be(HelmCharts.Sha256(chart));
        entry.Created.Should().BeAfter(DateTime.UtcNow.AddHours(-1));
        entry.Urls.Should().Equal("charts/demo-chart-0.1.0.tgz");

        // helm pull t/demo-chart --version 0.1.0: the URL resolved against the repository URL with a trailing slash.
        var chartUrl = new Uri(new Uri(Repo() + "/"), entry.Urls[0]);
        using var download = await _client.SendAsync(HelmCharts.HelmGet(chartUrl.ToString(), User, SampleHostFactory.AdminToken));
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        HelmCharts.Sha256(bytes).Should().Be(entry.Digest);
        bytes.Should().Equal(chart);

        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, chartUrl).WithToken(SampleHostFactory.AdminToken));
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.Should().Be(chart.Length);
    }

    [Fact]
    public async Task Versions_are_listed_newest_first_by_semver_under_one_entry_per_chart()
    {
        foreach (var version in new[] { "0.1.0", "0.10.0", "1.0.0", "0.2.0", "1.0.0-rc.1" })
        {
            (await CmPushAsync(Repo(), HelmCharts.Package("sorted", version), $"sorted-{version}.tgz")).Status.Should().Be(HttpStatusCode.Created);
        }

        (await CmPushAsync(Repo(), HelmCharts.Package("another", "2.0.0"), "another-2.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created);

        var index = await IndexAsync(Repo());
        index.Entries.Keys.Should().BeEquivalentTo("another", "sorted");
        index.Entries["sorted"].Select(v => v.Version).Should().Equal("1.0.0", "1.0.0-rc.1", "0.10.0", "0.2.0", "0.1.0");
    }

    [Fact]
    public async Task Channels_are_separate_repositories_and_a_version_pushed_again_is_served_newest_in_its_channel_only()
    {
        var first = HelmCharts.Package("multi", "1.0.0");
        var second = HelmCharts.Package("multi", "1.0.0", HelmCharts.ChartYaml("multi", "1.0.0", "deprecated: true"));
        (await CmPushAsync(Repo("stable"), first, "multi-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created);
        (await CmPushAsync(Repo("devel"), first, "multi-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created);
        (await CmPushAsync(Repo("devel"), second, "multi-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created, "GitLab has no duplicate setting for Helm and accepts a version again");
        (await CmPushAsync(Repo("only-devel"), HelmCharts.Package("elsewhere", "0.1.0"), "elsewhere-0.1.0.tgz")).Status.Should().Be(HttpStatusCode.Created);

        var stable = (await IndexAsync(Repo("stable"))).Entries.Should().ContainSingle().Which.Value.Should().ContainSingle().Subject;
        stable.Digest.Should().Be(HelmCharts.Sha256(first));
        stable.Deprecated.Should().BeFalse();
        var devel = (await IndexAsync(Repo("devel"))).Entries.Should().ContainSingle().Which.Value.Should().ContainSingle().Subject;
        devel.Digest.Should().Be(HelmCharts.Sha256(second));
        devel.Deprecated.Should().BeTrue();

        (await GetBytesAsync(Repo("stable") + "/charts/multi-1.0.0.tgz")).Should().Equal(first);
        (await GetBytesAsync(Repo("devel") + "/charts/multi-1.0.0.tgz")).Should().Equal(second);
        using var notInStable = await _client.SendAsync(HelmCharts.HelmGet(Repo("stable") + "/charts/elsewhere-0.1.0.tgz", User, SampleHostFactory.AdminToken));
        notInStable.StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await IndexAsync(Repo("empty"))).Entries.Should().BeEmpty("a channel nobody pushed to is an empty repository, as in GitLab");
    }

    [Fact]
    public async Task Pushes_of_one_version_to_several_channels_at_the_same_instant_all_land()
    {
        // Each upload adds its channel to the version's channel list; merged from a read taken before the write, the
        // concurrent uploads overwrote each other's channel and some channel's index went without the chart.
        var chart = HelmCharts.Package("raced", "1.0.0");
        var channels = Enumerable.Range(0, 8).Select(i => "channel" + i).ToArray();
        var pushes = await Task.WhenAll(channels.Select(channel => Task.Run(async () =>
        {
            using var request = HelmCharts.CmPush($"{Api}/api/{channel}/charts", chart, "raced-1.0.0.tgz", User, SampleHostFactory.AdminToken);
            using var response = await _client.SendAsync(request);
            return response.StatusCode;
        })));

        pushes.Should().OnlyContain(status => status == HttpStatusCode.Created);
        foreach (var channel in channels)
        {
            (await IndexAsync(Repo(channel))).Entries.Should().ContainKey("raced", channel);
        }
    }

    [Fact]
    public async Task The_index_is_stable_between_changes_and_revalidates_with_an_etag()
    {
        (await CmPushAsync(Repo(), HelmCharts.Package("cached", "1.0.0"), "cached-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created);

        using var first = await _client.SendAsync(HelmCharts.HelmGet(Repo() + "/index.yaml", User, SampleHostFactory.AdminToken));
        using var second = await _client.SendAsync(HelmCharts.HelmGet(Repo() + "/index.yaml", User, SampleHostFactory.AdminToken));
        var etag = first.Headers.ETag ?? throw new InvalidOperationException("index.yaml has no ETag");
        second.Headers.ETag.Should().Be(etag);
        (await second.Content.ReadAsByteArrayAsync()).Should().Equal(await first.Content.ReadAsByteArrayAsync(), "generated is the channel's newest upload, not the time of the request");
        var created = HelmCharts.ReadIndex(await first.Content.ReadAsStringAsync()).Entries["cached"].Should().ContainSingle().Subject.Created;
        HelmCharts.ReadIndex(await first.Content.ReadAsStringAsync()).Generated.Should().Be(created);

        using var revalidate = HelmCharts.HelmGet(Repo() + "/index.yaml", User, SampleHostFactory.AdminToken);
        revalidate.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _client.SendAsync(revalidate);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);

        (await CmPushAsync(Repo(), HelmCharts.Package("cached", "1.1.0"), "cached-1.1.0.tgz")).Status.Should().Be(HttpStatusCode.Created);
        using var afterPush = HelmCharts.HelmGet(Repo() + "/index.yaml", User, SampleHostFactory.AdminToken);
        afterPush.Headers.IfNoneMatch.Add(etag);
        using var changed = await _client.SendAsync(afterPush);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        changed.Headers.ETag.Should().NotBe(etag);
        HelmCharts.ReadIndex(await changed.Content.ReadAsStringAsync()).Entries["cached"].Select(v => v.Version).Should().Equal("1.1.0", "1.0.0");

        // Another channel of the same project is another document.
        using var other = await _client.SendAsync(HelmCharts.HelmGet(Repo("other") + "/index.yaml", User, SampleHostFactory.AdminToken));
        other.Headers.ETag.Should().NotBe(etag);
    }

    [Fact]
    public async Task A_provenance_file_is_kept_beside_its_chart()
    {
        var chart = HelmCharts.Package("signed", "1.2.3");
        var provenance = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\nname: signed\n..."u8.ToArray();
        (await CmPushAsync(Repo(), chart, "signed-1.2.3.tgz", provenance)).Status.Should().Be(HttpStatusCode.Created);
        (await CmPushAsync(Repo(), HelmCharts.Package("unsigned", "1.0.0"), "unsigned-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created);

        (await GetBytesAsync(Repo() + "/charts/signed-1.2.3.tgz.prov")).Should().Equal(provenance);
        (await GetBytesAsync(Repo() + "/charts/signed-1.2.3.tgz")).Should().Equal(chart);
        using var none = await _client.SendAsync(HelmCharts.HelmGet(Repo() + "/charts/unsigned-1.0.0.tgz.prov", User, SampleHostFactory.AdminToken));
        none.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reads_need_a_credential_on_a_private_project_and_none_on_a_public_one()
    {
        (await CmPushAsync(Repo(), HelmCharts.Package("private-chart", "1.0.0"), "private-chart-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created);
        using var anonymous = await _client.SendAsync(HelmCharts.HelmGet(Repo() + "/index.yaml", null, null));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.Should().NotBeEmpty();
        using var wrong = await _client.SendAsync(HelmCharts.HelmGet(Repo() + "/index.yaml", User, "glpat-wrong"));
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var project = await _host.CreateProjectAsync("open", "charts", ProjectVisibility.Public);
        var publicRepo = $"http://localhost/api/v4/projects/{project.Id}/packages/helm/stable";
        (await CmPushAsync(publicRepo, HelmCharts.Package("public-chart", "1.0.0"), "public-chart-1.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created);
        using var index = await _client.SendAsync(HelmCharts.HelmGet(publicRepo + "/index.yaml", null, null));
        index.StatusCode.Should().Be(HttpStatusCode.OK);
        using var chart = await _client.SendAsync(HelmCharts.HelmGet(publicRepo + "/charts/public-chart-1.0.0.tgz", null, null));
        chart.StatusCode.Should().Be(HttpStatusCode.OK);
        using var push = await _client.SendAsync(HelmCharts.CmPush($"http://localhost/api/v4/projects/{project.Id}/packages/helm/api/stable/charts", HelmCharts.Package("x", "1.0.0"), "x-1.0.0.tgz", null, null));
        push.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_packages_api_lists_and_deletes_helm_packages_and_the_index_follows()
    {
        (await CmPushAsync(Repo(), HelmCharts.Package("listed", "3.0.0"), "listed-3.0.0.tgz")).Status.Should().Be(HttpStatusCode.Created);

        using var list = await _client.GetAsync($"/api/v4/projects/{_projectId}/packages?package_type=helm", SampleHostFactory.AdminToken);
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        var package = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Should().ContainSingle().Subject;
        package.GetProperty("name").GetString().Should().Be("listed");
        package.GetProperty("version").GetString().Should().Be("3.0.0");
        package.GetProperty("package_type").GetString().Should().Be("helm");

        using var files = await _client.GetAsync($"/api/v4/projects/{_projectId}/packages/{package.GetProperty("id").GetInt64()}/package_files", SampleHostFactory.AdminToken);
        JsonDocument.Parse(await files.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(f => f.GetProperty("file_name").GetString()).Should().Equal("listed-3.0.0.tgz");

        using var delete = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v4/projects/{_projectId}/packages/{package.GetProperty("id").GetInt64()}").WithToken(SampleHostFactory.AdminToken));
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await IndexAsync(Repo())).Entries.Should().BeEmpty();
        using var gone = await _client.SendAsync(HelmCharts.HelmGet(Repo() + "/charts/listed-3.0.0.tgz", User, SampleHostFactory.AdminToken));
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("st@ble")]
    [InlineData("-stable")]
    [InlineData("stable.")]
    [InlineData("sta..ble")]
    public async Task A_channel_outside_gitlabs_charset_is_refused(string channel)
    {
        using var index = await _client.SendAsync(HelmCharts.HelmGet($"{Api}/{Uri.EscapeDataString(channel)}/index.yaml", User, SampleHostFactory.AdminToken));
        index.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var push = await _client.SendAsync(HelmCharts.CmPush($"{Api}/api/{Uri.EscapeDataString(channel)}/charts", HelmCharts.Package("c", "1.0.0"), "c-1.0.0.tgz", User, SampleHostFactory.AdminToken));
        push.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await push.Content.ReadAsStringAsync()).Should().Contain("channel is invalid");
        _host.StoredFiles().Should().BeEmpty();
    }

    /// <summary>helm cm-push: the index for serverInfo.contextPath, then the POST to the URL the plugin builds from it.</summary>
    private async Task<(HttpStatusCode Status, string Body)> CmPushAsync(string repo, byte[] chart, string fileName, byte[]? provenance = null)
    {
        var repoPath = new Uri(repo).AbsolutePath;
        using var indexRequest = HelmCharts.HelmGet(repo + "/index.yaml", User, SampleHostFactory.AdminToken);
        indexRequest.Headers.Remove("User-Agent");
        indexRequest.Headers.TryAddWithoutValidation("User-Agent", "Go-http-client/1.1");
        using var indexResponse = await _client.SendAsync(indexRequest);
        var indexBody = await indexResponse.Content.ReadAsStringAsync();
        indexResponse.StatusCode.Should().Be(HttpStatusCode.OK, indexBody);
        var contextPath = (string)HelmCharts.ReadIndex(indexBody).ServerInfo!["contextPath"];

        // path.Join(contextPath, "api", strings.TrimPrefix(u.Path, contextPath), "charts").
        repoPath.Should().StartWith(contextPath, "cm-push finds the channel after the context path");
        var uploadPath = $"{contextPath}/api{repoPath[contextPath.Length..]}/charts";
        using var request = HelmCharts.CmPush(new Uri(new Uri(repo), uploadPath).ToString(), chart, fileName, User, SampleHostFactory.AdminToken, provenance);
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<HelmCharts.IndexFile> IndexAsync(string repo)
    {
        using var response = await _client.SendAsync(HelmCharts.HelmGet(repo + "/index.yaml", User, SampleHostFactory.AdminToken));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return HelmCharts.ReadIndex(body);
    }

    private async Task<byte[]> GetBytesAsync(string url)
    {
        using var response = await _client.SendAsync(HelmCharts.HelmGet(url, User, SampleHostFactory.AdminToken));
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
