using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Composer;

/// <summary>
/// The Composer repository over HTTP: both upload forms, the group's packages.json and p2 files, archive downloads by
/// SHA-1, GitLab's duplicate rule, dating by Last-Modified with 304, and the packages API.
/// </summary>
public sealed class ComposerRepositoryTests : IDisposable
{
    private const string Name = "acme/widget";
    private readonly ComposerHostFactory _host = new();
    private readonly HttpClient _client;

    public ComposerRepositoryTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task A_raw_upload_is_listed_in_the_group_repository_and_downloads_as_uploaded()
    {
        var zip = ComposerHostFactory.Archive(Name);
        var put = await _client.SendAsync(ComposerHostFactory.Put(zip, "v1.0.0"));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        (await put.Content.ReadAsStringAsync()).Should().Be("{\"message\":\"201 Created\"}");

        var root = await JsonAsync(ComposerHostFactory.Group + "/packages.json");
        root["metadata-url"]!.GetValue<string>().Should().Be(ComposerHostFactory.Group + "/p2/%package%.json");
        root["available-packages"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal(Name);

        var version = (await JsonAsync(ComposerHostFactory.Group + "/p2/acme/widget.json"))["packages"]![Name]!.AsArray().Single()!;
        version["name"]!.GetValue<string>().Should().Be(Name);
        version["version"]!.GetValue<string>().Should().Be("1.0.0");
        version["version_normalized"]!.GetValue<string>().Should().Be("1.0.0.0");
        version["require"]!["php"]!.GetValue<string>().Should().Be(">=8.0");
        version["dist"]!["type"]!.GetValue<string>().Should().Be("zip");
        version["dist"]!["shasum"]!.GetValue<string>().Should().Be(ComposerHostFactory.Sha1(zip));
        version["source"].Should().BeNull();
        var url = new Uri(version["dist"]!["url"]!.GetValue<string>());
        url.IsAbsoluteUri.Should().BeTrue();
        url.AbsolutePath.Should().Be("/api/v4/projects/1/packages/composer/archives/acme/widget.zip");

        var download = await _client.SendAsync(ComposerHostFactory.Get(url.PathAndQuery));
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        download.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(zip);

        var head = await _client.SendAsync(ComposerHostFactory.Get(ComposerHostFactory.Group + "/p2/acme/widget.json", method: HttpMethod.Head));
        head.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_form_takes_a_tag_a_branch_or_a_version_and_branches_are_listed_in_the_dev_file()
    {
        (await _client.SendAsync(ComposerHostFactory.Post(ComposerHostFactory.Archive(Name, code: "tag"), new Dictionary<string, string> { ["tag"] = "v1.1.0" }))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.SendAsync(ComposerHostFactory.Post(ComposerHostFactory.Archive(Name, top: "acme-widget-0f3c", code: "main"), new Dictionary<string, string> { ["branch"] = "main" }))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.SendAsync(ComposerHostFactory.Post(ComposerHostFactory.Archive(Name, code: "2x"), new Dictionary<string, string> { ["branch"] = "2.x" }))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.SendAsync(ComposerHostFactory.Post(ComposerHostFactory.Archive(Name, code: "rc"), new Dictionary<string, string> { ["version"] = "1.2.0-RC1" }))).StatusCode.Should().Be(HttpStatusCode.Created);

        var tagged = (await JsonAsync(ComposerHostFactory.Group + "/p2/acme/widget.json"))["packages"]![Name]!.AsArray();
        tagged.Select(v => (v!["version"]!.GetValue<string>(), v["version_normalized"]!.GetValue<string>()))
            .Should().BeEquivalentTo([("1.1.0", "1.1.0.0"), ("1.2.0-RC1", "1.2.0.0-RC1")]);
        var dev = (await JsonAsync(ComposerHostFactory.Group + "/p2/acme/widget~dev.json"))["packages"]![Name]!.AsArray();
        dev.Select(v => (v!["version"]!.GetValue<string>(), v["version_normalized"]!.GetValue<string>()))
            .Should().BeEquivalentTo([("dev-main", "dev-main"), ("2.x-dev", "2.9999999.9999999.9999999-dev")]);
    }

    [Fact]
    public async Task The_version_may_come_from_composer_json_but_must_agree_with_the_one_named()
    {
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, version: "3.0.0"), version: null))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, version: "3.1.0"), version: "v3.1"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var disagrees = await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, version: "3.2.0"), version: "3.3.0"));
        disagrees.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await disagrees.Content.ReadAsStringAsync()).Should().Contain("disagrees with composer.json's version 3.2.0");

        var missing = await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name), version: null));
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).Should().Contain("the version is missing");

        var versions = (await JsonAsync(ComposerHostFactory.Group + "/p2/acme/widget.json"))["packages"]![Name]!.AsArray();
        versions.Select(v => v!["version"]!.GetValue<string>()).Should().BeEquivalentTo("3.0.0", "3.1");
    }

    [Fact]
    public async Task A_name_belongs_to_one_project_of_the_top_level_group()
    {
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name), "1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var demo = await _host.Services.GetRequiredService<IProjectDirectory>().FindGroupOrNullAsync("demo", CancellationToken.None) ?? throw new InvalidOperationException("no group demo");
        var nested = await _host.Directory.TryCreateGroupAsync("nested", "nested", demo.Id, ProjectVisibility.Private, CancellationToken.None) ?? throw new InvalidOperationException("group exists");
        var sibling = await _host.Directory.TryCreateProjectAsync("lib", "lib", nested.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, CancellationToken.None)
            ?? throw new InvalidOperationException("project exists");
        await _host.CreateProjectAsync("elsewhere", "app", ProjectVisibility.Private);
        var blobs = _host.StoredFiles().Count;

        // GitLab's validation error, as its API renders a refused package: 400 with the model's message.
        var taken = await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, code: "other"), "2.0.0", path: $"/api/v4/projects/{sibling.Id}/packages/composer"));
        taken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await taken.Content.ReadAsStringAsync()).Should().Contain("Validation failed: Name is already taken by another project");
        (await _host.PackageCountAsync()).Should().Be(1, "nothing of the refused upload is recorded");
        _host.StoredFiles().Should().HaveCount(blobs, "nor stored");

        // Another name in that project, and the same name in another top-level group, are accepted; the owner publishes on.
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive("acme/gadget"), "1.0.0", path: $"/api/v4/projects/{sibling.Id}/packages/composer"))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name), "1.0.0", path: "/api/v4/projects/elsewhere%2Fapp/packages/composer"))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, code: "next"), "1.1.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_same_archive_again_is_refused_and_another_one_replaces_the_listed_archive()
    {
        var first = ComposerHostFactory.Archive(Name, code: "first");
        var second = ComposerHostFactory.Archive(Name, code: "second");
        (await _client.SendAsync(ComposerHostFactory.Put(first, "1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var again = await _client.SendAsync(ComposerHostFactory.Put(first, "v1.0.0"));
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync()).Should().Contain("was published with the same archive already");

        var oldUrl = (await DistAsync())["url"]!.GetValue<string>();
        (await _client.SendAsync(ComposerHostFactory.Put(second, "1.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var dist = await DistAsync();
        dist["shasum"]!.GetValue<string>().Should().Be(ComposerHostFactory.Sha1(second));

        // A composer.lock written before the replacement still installs the bytes it pinned.
        (await (await _client.SendAsync(ComposerHostFactory.Get(new Uri(oldUrl).PathAndQuery))).Content.ReadAsByteArrayAsync()).Should().Equal(first);
        (await (await _client.SendAsync(ComposerHostFactory.Get(new Uri(dist["url"]!.GetValue<string>()).PathAndQuery))).Content.ReadAsByteArrayAsync()).Should().Equal(second);
    }

    [Fact]
    public async Task A_p2_file_is_dated_and_answers_304_until_a_publish_or_a_deletion_changes_it()
    {
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, code: "a"), "1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, code: "b"), "1.1.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
        const string P2 = ComposerHostFactory.Group + "/p2/acme/widget.json";
        var first = await _client.SendAsync(ComposerHostFactory.Get(P2));
        var modified = first.Content.Headers.LastModified ?? throw new InvalidOperationException("no Last-Modified");

        (await RevalidateAsync(P2, modified)).StatusCode.Should().Be(HttpStatusCode.NotModified);

        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, code: "c"), "1.2.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var afterPublish = await RevalidateAsync(P2, modified);
        afterPublish.StatusCode.Should().Be(HttpStatusCode.OK);
        var published = afterPublish.Content.Headers.LastModified ?? throw new InvalidOperationException("no Last-Modified");
        published.Should().BeAfter(modified);

        var packages = JsonNode.Parse(await (await _client.SendAsync(Api($"/api/v4/projects/1/packages?package_type=composer&package_version=1.1.0"))).Content.ReadAsStringAsync())!.AsArray();
        var id = packages.Single()!["id"]!.GetValue<long>();
        (await _client.SendAsync(Api($"/api/v4/projects/1/packages/{id}", HttpMethod.Delete))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var afterDelete = await RevalidateAsync(P2, published);
        afterDelete.StatusCode.Should().Be(HttpStatusCode.OK);
        (afterDelete.Content.Headers.LastModified ?? default).Should().BeAfter(published);
        var versions = JsonNode.Parse(await afterDelete.Content.ReadAsStringAsync())!["packages"]![Name]!.AsArray();
        versions.Select(v => v!["version"]!.GetValue<string>()).Should().BeEquivalentTo("1.0.0", "1.2.0");
    }

    [Fact]
    public async Task The_packages_api_lists_composer_packages_and_deleting_the_last_version_empties_the_repository()
    {
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name), "1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var listed = JsonNode.Parse(await (await _client.SendAsync(Api("/api/v4/projects/1/packages?package_type=composer"))).Content.ReadAsStringAsync())!.AsArray();
        var package = listed.Single()!;
        package["name"]!.GetValue<string>().Should().Be(Name);
        package["package_type"]!.GetValue<string>().Should().Be("composer");
        (await _client.SendAsync(Api($"/api/v4/groups/demo/packages?package_type=composer"))).StatusCode.Should().Be(HttpStatusCode.OK);

        (await _client.SendAsync(Api($"/api/v4/projects/1/packages/{package["id"]!.GetValue<long>()}", HttpMethod.Delete))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await _client.SendAsync(ComposerHostFactory.Get(ComposerHostFactory.Group + "/p2/acme/widget.json"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await JsonAsync(ComposerHostFactory.Group + "/packages.json"))["available-packages"]!.AsArray().Should().BeEmpty();
    }

    [Theory]
    [InlineData(ComposerHostFactory.Group + "/p2/acme/missing.json", HttpStatusCode.NotFound)]
    [InlineData(ComposerHostFactory.Group + "/p2/acme/Widget.json", HttpStatusCode.NotFound)]
    [InlineData(ComposerHostFactory.Group + "/p2/acme/widget.xml", HttpStatusCode.NotFound)]
    [InlineData(ComposerHostFactory.Project + "/archives/acme/widget.zip", HttpStatusCode.BadRequest)]
    [InlineData(ComposerHostFactory.Project + "/archives/acme/widget.zip?sha=0000000000000000000000000000000000000000", HttpStatusCode.NotFound)]
    [InlineData(ComposerHostFactory.Project + "/archives/acme/widget.zip?sha=not-a-sha", HttpStatusCode.NotFound)]
    [InlineData("/api/v4/group/no-such-group/-/packages/composer/packages.json", HttpStatusCode.NotFound)]
    public async Task Unknown_names_files_and_groups_answer_in_gitlab_shape(string path, HttpStatusCode status)
    {
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name), "1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);

        var response = await _client.SendAsync(ComposerHostFactory.Get(path));

        response.StatusCode.Should().Be(status);
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"].Should().NotBeNull();
    }

    [Fact]
    public async Task Anonymous_callers_are_challenged_on_a_private_group_and_served_on_a_public_one()
    {
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name), "1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var anonymous = await _client.SendAsync(ComposerHostFactory.Get(ComposerHostFactory.Group + "/p2/acme/widget.json", token: null));
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.Should().NotBeEmpty();
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, code: "x"), "1.0.1", token: null))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var open = await _host.CreateProjectAsync("open", "lib", ProjectVisibility.Public);
        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive("open/lib"), "0.1.0", path: $"/api/v4/projects/{open.Id}/packages/composer"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var served = await _client.SendAsync(ComposerHostFactory.Get("/api/v4/group/open/-/packages/composer/p2/open/lib.json", token: null));
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        var url = JsonNode.Parse(await served.Content.ReadAsStringAsync())!["packages"]!["open/lib"]![0]!["dist"]!["url"]!.GetValue<string>();
        (await _client.SendAsync(ComposerHostFactory.Get(new Uri(url).PathAndQuery, token: null))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private async Task<JsonNode> DistAsync() =>
        (await JsonAsync(ComposerHostFactory.Group + "/p2/acme/widget.json"))["packages"]![Name]![0]!["dist"]!;

    private async Task<HttpResponseMessage> RevalidateAsync(string path, DateTimeOffset since)
    {
        var request = ComposerHostFactory.Get(path);
        request.Headers.IfModifiedSince = since;
        return await _client.SendAsync(request);
    }

    private static HttpRequestMessage Api(string path, HttpMethod? method = null)
    {
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("PRIVATE-TOKEN", SampleHostFactory.AdminToken);
        return request;
    }

    private async Task<JsonNode> JsonAsync(string path)
    {
        var response = await _client.SendAsync(ComposerHostFactory.Get(path));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }
}
