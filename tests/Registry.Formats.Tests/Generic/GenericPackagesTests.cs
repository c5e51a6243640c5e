using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;
using Registry.Formats.Generic;

namespace Registry.Formats.Tests.Generic;

public sealed class GenericPackagesTests : IDisposable
{
    private const string Demo = "/api/v4/projects/demo%2Fapp/packages/generic";
    private readonly SampleHostFactory _host = new();
    private readonly HttpClient _client;

    public GenericPackagesTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Publish_then_download_returns_the_same_bytes_and_checksum()
    {
        var body = RandomNumberGenerator.GetBytes(300_000);

        var put = await _client.PutBytesAsync($"{Demo}/tool/1.0.0/tool.bin", body, SampleHostFactory.AdminToken);
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        (await put.Content.ReadAsStringAsync()).Should().Contain("201 Created");

        var get = await _client.GetAsync($"{Demo}/tool/1.0.0/tool.bin", SampleHostFactory.AdminToken);
        get.StatusCode.Should().Be(HttpStatusCode.OK);
        (await get.Content.ReadAsByteArrayAsync()).Should().Equal(body);
        get.Headers.GetValues("X-Checksum-SHA256").Single().Should().Be(Convert.ToHexStringLower(SHA256.HashData(body)));
        get.Content.Headers.ContentType!.MediaType.Should().Be("application/octet-stream");
    }

    [Fact]
    public async Task File_names_with_a_directory_structure_and_at_signs_publish_and_download_as_on_GitLab()
    {
        var body = Encoding.UTF8.GetBytes("an arm64 build");

        var put = await _client.PutBytesAsync($"{Demo}/tool/2.0.0/linux/arm64/tool@2.0.0", body, SampleHostFactory.AdminToken);
        var get = await _client.GetAsync($"{Demo}/tool/2.0.0/linux/arm64/tool@2.0.0", SampleHostFactory.AdminToken);
        var other = await _client.GetAsync($"{Demo}/tool/2.0.0/linux/amd64/tool@2.0.0", SampleHostFactory.AdminToken);
        var files = await _client.GetAsync("/api/v4/projects/demo%2Fapp/packages?package_name=tool&package_type=generic", SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.Created);
        get.StatusCode.Should().Be(HttpStatusCode.OK);
        (await get.Content.ReadAsByteArrayAsync()).Should().Equal(body);
        get.Content.Headers.ContentDisposition?.FileName?.Trim('"').Should().Be("tool@2.0.0", "a client saves the last segment");
        other.StatusCode.Should().Be(HttpStatusCode.NotFound, "the directory is part of the name");
        files.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("a//b")]
    [InlineData("a%2F.%2Fb")]
    [InlineData("dir%2F..%2Fb")]
    [InlineData("tool@")]
    public async Task A_file_name_path_trick_is_refused_with_nothing_stored(string fileName)
    {
        var put = await _client.PutBytesAsync($"{Demo}/tool/3.0.0/{fileName}", [1, 2, 3], SampleHostFactory.AdminToken);

        put.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        _host.StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Numeric_project_id_and_full_path_reach_the_same_project()
    {
        var project = await _host.Directory.FindUserOrNullAsync("admin", default);
        project.Should().NotBeNull();
        var demo = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", default);

        await _client.PutBytesAsync($"/api/v4/projects/{demo!.Id}/packages/generic/tool/1.0.0/a.txt", "hi"u8.ToArray(), SampleHostFactory.AdminToken);
        var get = await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", SampleHostFactory.AdminToken);

        (await get.Content.ReadAsStringAsync()).Should().Be("hi");
    }

    [Fact]
    public async Task Select_package_file_returns_the_file_record()
    {
        var body = "hello"u8.ToArray();
        var put = await _client.PutBytesAsync($"{Demo}/tool/1.0.0/hello.txt?select=package_file", body, SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.Created);
        using var json = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        json.RootElement.GetProperty("file_name").GetString().Should().Be("hello.txt");
        json.RootElement.GetProperty("size").GetInt64().Should().Be(5);
        json.RootElement.GetProperty("file_sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(body)));
        json.RootElement.GetProperty("file_md5").GetString().Should().Be(Convert.ToHexStringLower(MD5.HashData(body)));
        json.RootElement.GetProperty("file_sha1").GetString().Should().Be(Convert.ToHexStringLower(SHA1.HashData(body)));
        json.RootElement.GetProperty("package_id").GetInt64().Should().BePositive();
    }

    [Fact]
    public async Task Download_answers_the_newest_file_of_that_name()
    {
        await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "first"u8.ToArray(), SampleHostFactory.AdminToken);
        await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "second"u8.ToArray(), SampleHostFactory.AdminToken);

        var get = await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", SampleHostFactory.AdminToken);

        (await get.Content.ReadAsStringAsync()).Should().Be("second");
    }

    [Fact]
    public async Task Head_answers_headers_without_a_body()
    {
        await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "content"u8.ToArray(), SampleHostFactory.AdminToken);

        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Demo}/tool/1.0.0/a.txt").WithToken(SampleHostFactory.AdminToken));

        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.Should().Be(7);
        (await head.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Range_requests_return_the_part_asked_for()
    {
        await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "0123456789"u8.ToArray(), SampleHostFactory.AdminToken);
        var request = new HttpRequestMessage(HttpMethod.Get, $"{Demo}/tool/1.0.0/a.txt").WithToken(SampleHostFactory.AdminToken);
        request.Headers.Range = new RangeHeaderValue(2, 4);

        var get = await _client.SendAsync(request);

        get.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await get.Content.ReadAsStringAsync()).Should().Be("234");
    }

    [Fact]
    public async Task Anonymous_download_from_a_private_project_is_challenged()
    {
        await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "x"u8.ToArray(), SampleHostFactory.AdminToken);

        var get = await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", token: null);

        get.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        get.Headers.WwwAuthenticate.ToString().Should().StartWith("Basic");
    }

    [Fact]
    public async Task A_token_without_access_gets_404()
    {
        await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "x"u8.ToArray(), SampleHostFactory.AdminToken);
        var (_, outsider) = await _host.CreateUserAsync("outsider");

        (await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", outsider)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.PutBytesAsync($"{Demo}/tool/1.0.0/b.txt", "x"u8.ToArray(), outsider)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("glpat-not-a-real-token")]
    [InlineData("")]
    public async Task A_wrong_token_gets_401(string token)
    {
        var get = await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", token.Length == 0 ? "x" : token);

        get.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Expired_and_revoked_tokens_get_401()
    {
        var (user, _) = await _host.CreateUserAsync("member");
        var demo = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", default);
        await _host.Directory.SetProjectMemberAsync(demo!.Id, user.Id, AccessLevel.Developer, default);
        var expired = await _host.Directory.CreatePersonalAccessTokenAsync(user.Id, "old", TokenScopes.Api, DateTimeOffset.UtcNow.AddDays(-1), null, default);
        var revoked = await _host.Directory.CreatePersonalAccessTokenAsync(user.Id, "gone", TokenScopes.Api, null, null, default);
        (await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "x"u8.ToArray(), revoked.Token)).StatusCode.Should().Be(HttpStatusCode.Created);
        await _host.Directory.RevokeTokenAsync(revoked.Id, default);

        (await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", expired.Token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", revoked.Token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Every_credential_convention_authenticates()
    {
        await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "x"u8.ToArray(), SampleHostFactory.AdminToken);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("anyone:" + SampleHostFactory.AdminToken));

        foreach (var (header, value) in new[]
        {
            ("PRIVATE-TOKEN", SampleHostFactory.AdminToken),
            ("Authorization", "Bearer " + SampleHostFactory.AdminToken),
            ("Authorization", "Basic " + basic),
            ("Authorization", SampleHostFactory.AdminToken),
            ("X-NuGet-ApiKey", SampleHostFactory.AdminToken),
        })
        {
            var get = await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", value, header);
            get.StatusCode.Should().Be(HttpStatusCode.OK, $"{header} should authenticate");
        }
    }

    [Fact]
    public async Task Deploy_and_job_tokens_act_within_their_scopes()
    {
        var demo = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", default);
        var readOnly = await _host.Directory.CreateDeployTokenAsync(demo!.Id, null, "ci-read", TokenScopes.ReadPackageRegistry, null, default);
        var writer = await _host.Directory.CreateDeployTokenAsync(demo.Id, null, "ci-write", TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry, null, default);
        var (user, _) = await _host.CreateUserAsync("developer");
        await _host.Directory.SetProjectMemberAsync(demo.Id, user.Id, AccessLevel.Developer, default);
        var job = await _host.Directory.StartJobAsync(demo.Id, user.Id, 42, "main", "abc123", default);

        (await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "x"u8.ToArray(), readOnly.Token, "DEPLOY-TOKEN")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "x"u8.ToArray(), writer.Token, "DEPLOY-TOKEN")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", readOnly.Token, "DEPLOY-TOKEN")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.PutBytesAsync($"{Demo}/tool/2.0.0/b.txt", "y"u8.ToArray(), job.Token, "JOB-TOKEN")).StatusCode.Should().Be(HttpStatusCode.Created);

        var store = _host.Services.GetRequiredService<IPackageStore>();
        var package = await store.FindPackageOrNullAsync(Core.Packages.PackageCoordinate.Create(demo.Id, Registry.Formats.Generic.GenericFormat.GenericType, "tool", "2.0.0"), default);
        var builds = await store.ListBuildInfosAsync(package!.Id, default);
        builds.Should().ContainSingle().Which.Should().Match<Core.Packages.BuildInfo>(b => b.PipelineId == 42 && b.Ref == "main" && b.CommitSha == "abc123" && b.UserId == user.Id);

        await _host.Directory.FinishJobAsync(job.Id, default);
        (await _client.GetAsync($"{Demo}/tool/2.0.0/b.txt", job.Token, "JOB-TOKEN")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_project_is_401_for_anonymous_and_404_for_others()
    {
        (await _client.GetAsync("/api/v4/projects/nope%2Fnope/packages/generic/a/1.0.0/a.txt", token: null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _client.GetAsync("/api/v4/projects/nope%2Fnope/packages/generic/a/1.0.0/a.txt", SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync("/api/v4/projects/99999/packages/generic/a/1.0.0/a.txt", SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Missing_file_is_404()
    {
        (await _client.GetAsync($"{Demo}/tool/9.9.9/none.txt", SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Public_project_files_download_anonymously()
    {
        await _host.CreateProjectAsync("open", "lib", ProjectVisibility.Public);
        await _client.PutBytesAsync("/api/v4/projects/open%2Flib/packages/generic/lib/1.0.0/lib.tgz", "pub"u8.ToArray(), SampleHostFactory.AdminToken);

        var get = await _client.GetAsync("/api/v4/projects/open%2Flib/packages/generic/lib/1.0.0/lib.tgz", token: null);

        (await get.Content.ReadAsStringAsync()).Should().Be("pub");
        (await _client.PutBytesAsync("/api/v4/projects/open%2Flib/packages/generic/lib/1.0.0/x.tgz", "x"u8.ToArray(), token: null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_disabled_registry_answers_403_even_to_the_admin()
    {
        await _host.CreateProjectAsync("off", "app", ProjectVisibility.Private, PackageRegistryAccessLevel.Disabled);

        var put = await _client.PutBytesAsync("/api/v4/projects/off%2Fapp/packages/generic/a/1.0.0/a.txt", "x"u8.ToArray(), SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        _host.StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Hidden_status_is_accepted_and_an_unknown_one_refused()
    {
        (await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt?status=hidden", "x"u8.ToArray(), SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        var bad = await _client.PutBytesAsync($"{Demo}/tool/1.0.0/b.txt?status=secret", "x"u8.ToArray(), SampleHostFactory.AdminToken);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
