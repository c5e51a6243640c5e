using System.Net;
using Microsoft.AspNetCore.Http;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Maven;

/// <summary>Every refused Maven upload answers 400 with the reason and leaves no row, no blob and no temporary file.</summary>
public sealed class MavenBadInputTests : IDisposable
{
    private const string Base = MavenHostFactory.Project;
    private readonly MavenHostFactory _host = new(new Dictionary<string, string?>
    {
        ["PackageRegistry:Maven:DuplicatesAllowed"] = "false",
    });

    private readonly HttpClient _client;

    public MavenBadInputTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    public static TheoryData<string> BadPaths => new()
    {
        "com/example/../lib/1.0/lib-1.0.jar",
        "com/example/lib/1.0/../../../../etc/passwd",
        "com/example/lib/1.0/..",
        "com/example/lib/./lib-1.0.jar",
        "com/exa%2Fmple/lib/1.0/lib-1.0.jar",
        "com/example/lib/1.0/lib\\1.0.jar",
        "com/example/lib/1.0/lib-1.0\0.jar",
        "com/example/lib/1.0/lib\n.jar",
        "com//lib/1.0/lib-1.0.jar",
        "lib/1.0/lib-1.0.jar",
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public async Task Paths_that_could_leave_the_repository_are_refused(string path)
    {
        var (putStatus, putBody) = await _host.SendRawAsync("PUT", $"{Base}/{path}", "x"u8.ToArray());

        putStatus.Should().Be(StatusCodes.Status400BadRequest);
        putBody.Should().Contain("Maven path is invalid");
        await AssertNothingStoredAsync();

        var (getStatus, _) = await _host.SendRawAsync("GET", $"{Base}/{path}");
        getStatus.Should().Be(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task A_pom_that_is_not_xml_is_refused()
    {
        var put = await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.pom", "PK\u0003\u0004 not a pom"u8.ToArray(), SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).Should().Contain("the POM is invalid");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_pom_with_an_external_entity_is_refused_without_resolving_it()
    {
        var pom = """
            <?xml version="1.0"?>
            <!DOCTYPE project [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
            <project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId><artifactId>lib</artifactId><version>1.0</version><name>&xxe;</name></project>
            """;

        var put = await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.pom", MavenHostFactory.Bytes(pom), SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await put.Content.ReadAsStringAsync();
        body.Should().Contain("the POM is invalid").And.Contain("DTD").And.NotContain("root:");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_pom_for_another_artifact_is_refused()
    {
        var put = await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.pom", MavenHostFactory.Bytes(MavenHostFactory.Pom("other", "1.0")), SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).Should().Contain("artifactId 'other'");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE metadata SYSTEM \"http://example.com/x.dtd\"><metadata/>")]
    [InlineData("<metadata><groupId>org.other</groupId><artifactId>lib</artifactId></metadata>")]
    public async Task Client_metadata_that_is_not_this_artifacts_metadata_is_refused(string metadata)
    {
        var put = await _client.PutBytesAsync($"{Base}/com/example/lib/maven-metadata.xml", MavenHostFactory.Bytes(metadata), SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).Should().Contain("maven-metadata.xml");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_checksum_file_that_does_not_match_the_stored_file_is_refused_and_not_stored()
    {
        var jar = "jar bytes"u8.ToArray();
        (await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", jar, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);
        var blobs = _host.BlobCount();

        var wrong = await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar.sha1", MavenHostFactory.Bytes(new string('0', 40)), SampleHostFactory.AdminToken);
        var garbage = await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar.md5", "not a digest"u8.ToArray(), SampleHostFactory.AdminToken);
        var right = await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar.sha1", MavenHostFactory.Bytes(MavenHostFactory.Sha1(jar)), SampleHostFactory.AdminToken);

        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await wrong.Content.ReadAsStringAsync()).Should().Contain("checksum mismatch");
        garbage.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        right.StatusCode.Should().Be(HttpStatusCode.NoContent);
        _host.BlobCount().Should().Be(blobs, "checksum files are checked, never stored");
        (await _host.FileCountAsync()).Should().Be(1);
        var served = await _client.GetAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar.sha1", SampleHostFactory.AdminToken);
        (await served.Content.ReadAsStringAsync()).Should().Be(MavenHostFactory.Sha1(jar));
    }

    [Fact]
    public async Task A_release_file_cannot_be_deployed_twice_when_duplicates_are_off_but_snapshots_and_exceptions_can()
    {
        using var settings = new HttpRequestMessage(HttpMethod.Put, "/api/v4/groups/demo/packages/settings")
        {
            Content = new FormUrlEncodedContent([new("maven_duplicate_exception_regex", ".*-rc[0-9]+")]),
        };
        settings.Headers.Add("PRIVATE-TOKEN", SampleHostFactory.AdminToken);
        (await _client.SendAsync(settings)).StatusCode.Should().Be(HttpStatusCode.OK);
        var jar = "v1"u8.ToArray();
        (await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", jar, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);

        var again = await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", "v2"u8.ToArray(), SampleHostFactory.AdminToken);
        var pom = await _client.PutBytesAsync($"{Base}/com/example/lib/1.0/lib-1.0.pom", MavenHostFactory.Bytes(MavenHostFactory.Pom("lib", "1.0")), SampleHostFactory.AdminToken);
        var snapshot1 = await _client.PutBytesAsync($"{Base}/com/example/lib/2.0-SNAPSHOT/lib-2.0-20240101.120000-1.jar", "s1"u8.ToArray(), SampleHostFactory.AdminToken);
        var snapshot2 = await _client.PutBytesAsync($"{Base}/com/example/lib/2.0-SNAPSHOT/lib-2.0-20240101.120000-1.jar", "s2"u8.ToArray(), SampleHostFactory.AdminToken);
        var rc1 = await _client.PutBytesAsync($"{Base}/com/example/lib/3.0-rc1/lib-3.0-rc1.jar", "r1"u8.ToArray(), SampleHostFactory.AdminToken);
        var rc2 = await _client.PutBytesAsync($"{Base}/com/example/lib/3.0-rc1/lib-3.0-rc1.jar", "r2"u8.ToArray(), SampleHostFactory.AdminToken);

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.Content.ReadAsStringAsync()).Should().Contain("Duplicate package is not allowed");
        pom.StatusCode.Should().Be(HttpStatusCode.Created, "another file of the release is not a duplicate");
        snapshot1.StatusCode.Should().Be(HttpStatusCode.Created);
        snapshot2.StatusCode.Should().Be(HttpStatusCode.Created);
        rc1.StatusCode.Should().Be(HttpStatusCode.Created);
        rc2.StatusCode.Should().Be(HttpStatusCode.Created);
        var served = await _client.GetAsync($"{Base}/com/example/lib/1.0/lib-1.0.jar", SampleHostFactory.AdminToken);
        (await served.Content.ReadAsByteArrayAsync()).Should().Equal(jar);
    }

    private async Task AssertNothingStoredAsync()
    {
        _host.StoredFiles().Should().BeEmpty("a refused upload must leave no blob and no temporary file");
        (await _host.FileCountAsync()).Should().Be(0, "a refused upload must leave no package row");
    }
}
