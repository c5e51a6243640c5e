using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Maven;

/// <summary>
/// The Maven repository through HTTP: files verbatim with their four checksums, generated metadata whose checksums
/// match its bytes, GitLab's credential headers, the Basic challenge, and reads through the group and instance levels.
/// </summary>
public sealed class MavenRepositoryTests : IDisposable
{
    private const string Base = MavenHostFactory.Project;
    private const string Token = SampleHostFactory.AdminToken;
    private readonly MavenHostFactory _host = new();
    private readonly HttpClient _client;

    public MavenRepositoryTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Files_are_served_verbatim_with_all_four_checksums()
    {
        var jar = RandomNumberGenerator.GetBytes(5000);
        await PutAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", jar);

        (await BytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar")).Should().Equal(jar);
        (await TextAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar.md5")).Should().Be(Convert.ToHexStringLower(MD5.HashData(jar)));
        (await TextAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar.sha1")).Should().Be(Convert.ToHexStringLower(SHA1.HashData(jar)));
        (await TextAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar.sha256")).Should().Be(Convert.ToHexStringLower(SHA256.HashData(jar)));
        (await TextAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar.sha512")).Should().Be(Convert.ToHexStringLower(SHA512.HashData(jar)));

        var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Base}/com/example/lib/1.0/lib-1.0.jar").WithToken(Token));
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.Should().Be(jar.Length);
        (await _client.GetAsync($"{Base}/com/example/lib/1.0/lib-1.0-sources.jar", Token)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync($"{Base}/com/example/lib/9.9/lib-9.9.jar.sha1", Token)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _client.GetAsync($"{Base}/com/example/nope/maven-metadata.xml", Token)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Artifact_metadata_lists_the_versions_and_its_checksums_match_its_bytes()
    {
        await PutAsync($"{Base}/com/example/lib/1.0/lib-1.0.pom", MavenHostFactory.Bytes(MavenHostFactory.Pom("lib", "1.0")));
        await PutAsync($"{Base}/com/example/lib/1.1/lib-1.1.pom", MavenHostFactory.Bytes(MavenHostFactory.Pom("lib", "1.1")));
        await PutAsync($"{Base}/com/example/lib/2.0-SNAPSHOT/lib-2.0-20240101.120000-1.pom", MavenHostFactory.Bytes(MavenHostFactory.Pom("lib", "2.0-SNAPSHOT")));

        var bytes = await BytesAsync($"{Base}/com/example/lib/maven-metadata.xml");
        var metadata = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!;

        metadata.Element("groupId")!.Value.Should().Be("com.example");
        metadata.Element("artifactId")!.Value.Should().Be("lib");
        var versioning = metadata.Element("versioning")!;
        versioning.Element("versions")!.Elements("version").Select(v => v.Value).Should().Equal("1.0", "1.1", "2.0-SNAPSHOT");
        versioning.Element("latest")!.Value.Should().Be("2.0-SNAPSHOT");
        versioning.Element("release")!.Value.Should().Be("1.1");
        versioning.Element("lastUpdated")!.Value.Should().MatchRegex("^[0-9]{14}$");
        (await TextAsync($"{Base}/com/example/lib/maven-metadata.xml.sha1")).Should().Be(Convert.ToHexStringLower(SHA1.HashData(bytes)));
        (await TextAsync($"{Base}/com/example/lib/maven-metadata.xml.sha512")).Should().Be(Convert.ToHexStringLower(SHA512.HashData(bytes)));
    }

    [Fact]
    public async Task Snapshot_metadata_names_the_newest_build_for_each_classifier_and_extension()
    {
        const string Dir = Base + "/com/example/lib/1.0-SNAPSHOT";
        await PutAsync($"{Dir}/lib-1.0-20240101.120000-1.jar", "b1"u8.ToArray());
        await PutAsync($"{Dir}/lib-1.0-20240101.120000-1.pom", MavenHostFactory.Bytes(MavenHostFactory.Pom("lib", "1.0-SNAPSHOT")));
        await PutAsync($"{Dir}/lib-1.0-20240102.130000-2.jar", "b2"u8.ToArray());
        await PutAsync($"{Dir}/lib-1.0-20240102.130000-2.pom", MavenHostFactory.Bytes(MavenHostFactory.Pom("lib", "1.0-SNAPSHOT")));
        await PutAsync($"{Dir}/lib-1.0-20240101.120000-1-sources.jar", "s1"u8.ToArray());

        var bytes = await BytesAsync($"{Dir}/maven-metadata.xml");
        var versioning = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes)).Root!.Element("versioning")!;

        versioning.Element("snapshot")!.Element("timestamp")!.Value.Should().Be("20240102.130000");
        versioning.Element("snapshot")!.Element("buildNumber")!.Value.Should().Be("2");
        var versions = versioning.Element("snapshotVersions")!.Elements("snapshotVersion")
            .Select(v => $"{v.Element("classifier")?.Value}|{v.Element("extension")!.Value}|{v.Element("value")!.Value}").ToList();
        versions.Should().BeEquivalentTo("|jar|1.0-20240102.130000-2", "|pom|1.0-20240102.130000-2", "sources|jar|1.0-20240101.120000-1");
        (await TextAsync($"{Dir}/maven-metadata.xml.md5")).Should().Be(Convert.ToHexStringLower(MD5.HashData(bytes)));

        // A client's own merged metadata and its checksums are accepted, and what is served stays the generated document.
        await PutAsync($"{Dir}/maven-metadata.xml", MavenHostFactory.Bytes("<metadata><groupId>com.example</groupId><artifactId>lib</artifactId><version>1.0-SNAPSHOT</version></metadata>"));
        (await _client.PutBytesAsync($"{Dir}/maven-metadata.xml.sha1", MavenHostFactory.Bytes(new string('a', 40)), Token)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await BytesAsync($"{Dir}/maven-metadata.xml")).Should().Equal(bytes);
    }

    [Fact]
    public async Task Reads_of_a_private_project_challenge_anonymous_callers_with_basic()
    {
        await PutAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", "x"u8.ToArray());

        foreach (var path in new[] { Base, MavenHostFactory.Group, MavenHostFactory.Instance })
        {
            var anonymous = await _client.GetAsync($"{path}/com/example/lib/1.0/lib-1.0.jar");
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized, path);
            anonymous.Headers.WwwAuthenticate.Should().Contain(h => h.Scheme == "Basic");
        }

        var basic = new HttpRequestMessage(HttpMethod.Get, $"{Base}/com/example/lib/1.0/lib-1.0.jar");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("any:"u8.ToArray().Concat(MavenHostFactory.Bytes(Token)).ToArray()));
        (await _client.SendAsync(basic)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.PutBytesAsync($"{Base}/com/example/lib/1.1/lib-1.1.jar", "x"u8.ToArray(), token: null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deploy_and_job_tokens_publish_through_their_headers()
    {
        var demo = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", default) ?? throw new InvalidOperationException("no demo/app");
        var deploy = await _host.Directory.CreateDeployTokenAsync(demo.Id, null, "ci", TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry, null, default);
        var admin = await _host.Directory.FindUserOrNullAsync("admin", default) ?? throw new InvalidOperationException("no admin");
        var job = await _host.Directory.StartJobAsync(demo.Id, admin.Id, 42, "main", "abc123", default);

        (await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", "d"u8.ToArray(), deploy.Token, "Deploy-Token")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.pom", MavenHostFactory.Bytes(MavenHostFactory.Pom("lib", "1.0")), job.Token, "Job-Token")).StatusCode.Should().Be(HttpStatusCode.Created);

        (await _client.GetAsync($"{Base}/com/example/lib/1.0/lib-1.0.pom", deploy.Token, "Deploy-Token")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", job.Token, "Job-Token")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Group_and_instance_levels_find_packages_in_projects_the_caller_may_read()
    {
        var jar = "shared"u8.ToArray();
        await PutAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", jar);
        var open = await _host.CreateProjectAsync("oss", "tools", ProjectVisibility.Public);
        await PutAsync($"/api/v4/projects/{open.Id}/packages/maven/org/oss/tool/2.0/tool-2.0.jar", "tool"u8.ToArray());

        (await BytesAsync($"{MavenHostFactory.Group}/com/example/lib/1.0/lib-1.0.jar")).Should().Equal(jar);
        (await BytesAsync($"{MavenHostFactory.Instance}/com/example/lib/1.0/lib-1.0.jar")).Should().Equal(jar);
        (await TextAsync($"{MavenHostFactory.Instance}/com/example/lib/maven-metadata.xml")).Should().Contain("<version>1.0</version>");
        (await _client.GetAsync($"{MavenHostFactory.Instance}/com/example/none/1.0/none-1.0.jar", Token)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Anonymous callers read a public project's packages at every level, and get a fast 404 for what does not exist.
        (await _client.GetAsync($"/api/v4/projects/{open.Id}/packages/maven/org/oss/tool/2.0/tool-2.0.jar")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync("/api/v4/groups/oss/-/packages/maven/org/oss/tool/2.0/tool-2.0.jar")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync($"{MavenHostFactory.Instance}/org/oss/tool/2.0/tool-2.0.jar.sha1")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await _client.GetAsync($"{MavenHostFactory.Instance}/org/oss/nothing/2.0/nothing-2.0.jar")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var (_, stranger) = await _host.CreateUserAsync("stranger");
        (await _client.GetAsync($"{MavenHostFactory.Instance}/com/example/lib/1.0/lib-1.0.jar", stranger)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Instance_level_filters_by_permission_before_it_limits_the_projects_it_looks_in()
    {
        // The readable copy is the oldest: a hundred newer versions in a private project come first in the newest-first scan.
        var open = await _host.CreateProjectAsync("oss", "tools", ProjectVisibility.Public);
        await PutAsync($"/api/v4/projects/{open.Id}/packages/maven/com/example/shared/1.0/shared-1.0.jar", "open"u8.ToArray());
        for (var version = 2; version <= 101; version++)
        {
            await PutAsync($"{Base}/com/example/shared/{version}.0/shared-{version}.0.jar", "private"u8.ToArray());
        }

        var (_, stranger) = await _host.CreateUserAsync("stranger");
        var response = await _client.GetAsync($"{MavenHostFactory.Instance}/com/example/shared/1.0/shared-1.0.jar", stranger);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("open");
    }

    private async Task PutAsync(string path, byte[] body)
    {
        var response = await _client.PutBytesAsync(path, body, Token);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<byte[]> BytesAsync(string path)
    {
        var response = await _client.GetAsync(path, Token);
        response.StatusCode.Should().Be(HttpStatusCode.OK, path);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<string> TextAsync(string path) => System.Text.Encoding.UTF8.GetString(await BytesAsync(path));
}
