using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Terraform;

/// <summary>
/// The module registry protocol through the sample host: publish with curl's request, discovery, versions, the 204 with
/// <c>X-Terraform-Get</c>, and the archive fetched through its signed grant with no credential, as Terraform fetches it.
/// </summary>
public sealed class TerraformRegistryTests : IDisposable
{
    private readonly TerraformHostFactory _host = new();
    private readonly HttpClient _client;

    public TerraformRegistryTests() => _client = _host.CreateClient(new() { AllowAutoRedirect = false });

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Publishing_answers_201_as_gitlab_and_lists_the_package_as_terraform_module()
    {
        var put = await TerraformHostFactory.PublishAsync(_client, "demo/app", "vpc", "aws", "1.0.0", TerraformArchiveBuilder.Module());

        put.StatusCode.Should().Be(HttpStatusCode.Created);
        (await put.Content.ReadAsStringAsync()).Should().Be("{\"message\":\"201 Created\"}");
        (await TerraformHostFactory.ListAsync(_client, "demo/app")).Should().Equal(("vpc/aws", "1.0.0"));
    }

    [Fact]
    public async Task Discovery_points_terraform_at_the_modules_api()
    {
        var body = await _client.GetStringAsync("/.well-known/terraform.json");

        body.Should().Be("{\"modules.v1\":\"/api/v4/packages/terraform/modules/v1/\"}");
    }

    [Fact]
    public async Task Versions_list_every_version_newest_first()
    {
        await PublishAsync("1.0.0");
        await PublishAsync("1.10.0");
        await PublishAsync("1.2.0-rc.1");

        var versions = JsonDocument.Parse(await ReadAsync($"{TerraformHostFactory.Modules}/demo/vpc/aws/versions")).RootElement
            .GetProperty("modules")[0].GetProperty("versions").EnumerateArray().Select(static v => v.GetProperty("version").GetString());

        versions.Should().Equal("1.10.0", "1.2.0-rc.1", "1.0.0");
    }

    [Fact]
    public async Task Download_answers_204_with_a_signed_address_that_serves_the_archive_without_a_credential()
    {
        var archive = TerraformArchiveBuilder.Module("only");
        await PublishAsync("1.0.0", archive);

        var address = await DownloadAddressAsync("1.0.0");

        address.Should().StartWith("http://localhost/api/v4/packages/terraform/modules/v1/demo/vpc/aws/1.0.0/file?token=").And.EndWith("&archive=tgz");
        address.Should().NotContain(SampleHostFactory.AdminToken);
        using var anonymous = await _client.GetAsync(address);
        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
        anonymous.Content.Headers.ContentType!.MediaType.Should().Be("application/gzip");
        (await anonymous.Content.ReadAsByteArrayAsync()).Should().Equal(archive);
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, address));
        head.StatusCode.Should().Be(HttpStatusCode.OK, "terraform asks HEAD before GET");
    }

    [Fact]
    public async Task An_expired_grant_is_refused_with_403_and_says_to_run_init_again()
    {
        await PublishAsync("1.0.0");
        var address = await DownloadAddressAsync("1.0.0");

        _host.Clock.Now += TimeSpan.FromMinutes(6);
        using var response = await _client.GetAsync(address);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync()).Should().Contain("expired").And.Contain("terraform init");
    }

    [Fact]
    public async Task A_grant_for_one_version_does_not_open_another_and_a_tampered_one_opens_nothing()
    {
        await PublishAsync("1.0.0");
        await PublishAsync("1.1.0");
        var address = await DownloadAddressAsync("1.0.0");

        using var other = await _client.GetAsync(address.Replace("/1.0.0/file", "/1.1.0/file", StringComparison.Ordinal));
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var tampered = await _client.GetAsync(address.Replace("token=1-", "token=2-", StringComparison.Ordinal));
        tampered.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        using var none = await _client.GetAsync(address[..address.IndexOf('?', StringComparison.Ordinal)]);
        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "without a grant the archive is a read like any other");
    }

    [Fact]
    public async Task A_grant_for_a_deleted_module_finds_nothing()
    {
        await PublishAsync("1.0.0");
        var address = await DownloadAddressAsync("1.0.0");
        var id = await PackageIdAsync();

        using var delete = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v4/projects/demo%2Fapp/packages/{id}").WithToken(SampleHostFactory.AdminToken));
        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);

        using var response = await _client.GetAsync(address);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await TerraformHostFactory.ListAsync(_client, "demo/app")).Should().BeEmpty();
    }

    [Fact]
    public async Task Latest_details_and_the_unversioned_download_follow_semver()
    {
        await PublishAsync("2.0.0");
        await PublishAsync("10.0.0-beta");
        await PublishAsync("9.1.0");

        var details = JsonDocument.Parse(await ReadAsync($"{TerraformHostFactory.Modules}/demo/vpc/aws")).RootElement;
        details.GetProperty("version").GetString().Should().Be("10.0.0-beta");
        details.GetProperty("provider").GetString().Should().Be("aws");
        using var latest = await _client.SendAsync(Bearer($"{TerraformHostFactory.Modules}/demo/vpc/aws/download"));
        latest.StatusCode.Should().Be(HttpStatusCode.Found);
        latest.Headers.Location!.ToString().Should().EndWith("/v1/demo/vpc/aws/10.0.0-beta/download");
        var versioned = JsonDocument.Parse(await ReadAsync($"{TerraformHostFactory.Modules}/demo/vpc/aws/9.1.0")).RootElement;
        versioned.GetProperty("version").GetString().Should().Be("9.1.0");
    }

    [Fact]
    public async Task Unknown_modules_versions_and_namespaces_answer_404_and_anonymous_callers_401()
    {
        await PublishAsync("1.0.0");

        (await _client.SendAsync(Bearer($"{TerraformHostFactory.Modules}/demo/nope/aws/versions"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.SendAsync(Bearer($"{TerraformHostFactory.Modules}/demo/vpc/aws/3.0.0/download"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.SendAsync(Bearer($"{TerraformHostFactory.Modules}/nowhere/vpc/aws/versions"))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync($"{TerraformHostFactory.Modules}/demo/vpc/aws/versions")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _client.SendAsync(Bearer($"{TerraformHostFactory.Modules}/demo/vpc/aws/1.0/download"))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_with_401()
    {
        await PublishAsync("1.0.0");

        using var response = await _client.SendAsync(Bearer($"{TerraformHostFactory.Modules}/demo/vpc/aws/versions", "glpat-wrong-token-000000000000"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Project_routes_serve_the_archive_to_a_credential_and_a_signed_address_with_terraform_get()
    {
        var archive = TerraformArchiveBuilder.Module("project");
        await PublishAsync("1.0.0", TerraformArchiveBuilder.Module("old"));
        await PublishAsync("1.1.0", archive);

        using var latest = await _client.GetAsync($"{TerraformHostFactory.Demo}/vpc/aws", SampleHostFactory.AdminToken);
        (await latest.Content.ReadAsByteArrayAsync()).Should().Equal(archive);
        using var versioned = await _client.GetAsync($"{TerraformHostFactory.Demo}/vpc/aws/1.1.0", SampleHostFactory.AdminToken);
        (await versioned.Content.ReadAsByteArrayAsync()).Should().Equal(archive);

        using var get = await _client.GetAsync($"{TerraformHostFactory.Demo}/vpc/aws?terraform-get=1", SampleHostFactory.AdminToken);
        get.StatusCode.Should().Be(HttpStatusCode.NoContent);
        var address = get.Headers.GetValues("X-Terraform-Get").Single();
        address.Should().Contain("/api/v4/projects/1/packages/terraform/modules/vpc/aws/1.1.0?token=");
        using var anonymous = await _client.GetAsync(address);
        (await anonymous.Content.ReadAsByteArrayAsync()).Should().Equal(archive);
        using var elsewhere = await _client.GetAsync(address.Replace("/1.1.0?", "/1.0.0?", StringComparison.Ordinal));
        elsewhere.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_version_is_published_once_per_project()
    {
        await PublishAsync("1.0.0");

        var again = await TerraformHostFactory.PublishAsync(_client, "demo/app", "vpc", "aws", "1.0.0", TerraformArchiveBuilder.Module("again"));

        again.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await again.Content.ReadAsStringAsync()).Should().Be("{\"message\":\"Package version already exists.\"}");
    }

    [Fact]
    public async Task A_name_belongs_to_one_project_of_the_namespace_unless_the_group_allows_duplicates()
    {
        await _host.CreateProjectInAsync("demo", "other", ProjectVisibility.Private);
        await PublishAsync("1.0.0");

        var refused = await TerraformHostFactory.PublishAsync(_client, "demo/other", "vpc", "aws", "2.0.0", TerraformArchiveBuilder.Module());
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("A package with the same name already exists in the namespace");

        var settings = await SettingsAsync(HttpMethod.Get, null);
        settings.GetProperty("terraform_module_duplicates_allowed").GetBoolean().Should().BeFalse("GitLab's default for Terraform modules");
        // The exception regex is Core's DuplicatePolicy, tested there; here the group's switch (a regex match on a loaded
        // machine can hit the policy's 100 ms timeout, which then keeps the main rule).
        (await SettingsAsync(HttpMethod.Put, "terraform_module_duplicates_allowed=true")).GetProperty("terraform_module_duplicates_allowed").GetBoolean().Should().BeTrue();
        (await TerraformHostFactory.PublishAsync(_client, "demo/other", "vpc", "aws", "2.1.0", TerraformArchiveBuilder.Module())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await TerraformHostFactory.PublishAsync(_client, "demo/other", "vpc", "aws", "2.1.0", TerraformArchiveBuilder.Module())).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the setting is about names across projects, never a version twice");
    }

    private async Task<JsonElement> SettingsAsync(HttpMethod method, string? form)
    {
        var request = new HttpRequestMessage(method, "/api/v4/groups/demo/packages/settings").WithToken(SampleHostFactory.AdminToken);
        if (form is not null)
        {
            request.Content = new StringContent(form, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task PublishAsync(string version, byte[]? archive = null)
    {
        _host.Clock.Now += TimeSpan.FromMinutes(1);
        using var put = await TerraformHostFactory.PublishAsync(_client, "demo/app", "vpc", "aws", version, archive ?? TerraformArchiveBuilder.Module(version));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
    }

    private async Task<string> DownloadAddressAsync(string version)
    {
        using var response = await _client.SendAsync(Bearer($"{TerraformHostFactory.Modules}/demo/vpc/aws/{version}/download"));
        response.StatusCode.Should().Be(HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("X-Terraform-Get").Single();
    }

    private async Task<string> ReadAsync(string url)
    {
        using var response = await _client.SendAsync(Bearer(url));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return body;
    }

    private async Task<long> PackageIdAsync()
    {
        using var response = await _client.GetAsync("/api/v4/projects/demo%2Fapp/packages?package_type=terraform_module", SampleHostFactory.AdminToken);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement[0].GetProperty("id").GetInt64();
    }

    /// <summary>A read as Terraform sends it: the token of its credentials block as <c>Authorization: Bearer</c>.</summary>
    private static HttpRequestMessage Bearer(string url, string token = SampleHostFactory.AdminToken) =>
        new(HttpMethod.Get, url) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
}
