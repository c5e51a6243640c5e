using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.ScaleOut;

/// <summary>
/// Issue 6's "done when": two sample host processes over one PostgreSQL database and one blob directory take
/// concurrent publishes as one registry, and what one host writes the other serves at once.
/// </summary>
public sealed class MultiHostPostgreSqlTests : IClassFixture<TwoPostgreSqlHosts>, IDisposable
{
    private const string Project = "demo%2Fapp";
    private readonly TwoPostgreSqlHosts _hosts;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(5) };
    private readonly string _work = Directory.CreateTempSubdirectory("registry-scaleout-npm-").FullName;

    public MultiHostPostgreSqlTests(TwoPostgreSqlHosts hosts)
    {
        _hosts = hosts;
        _http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
    }

    private SampleHostProcess A => _hosts.A ?? throw new InvalidOperationException("host A did not start");

    private SampleHostProcess B => _hosts.B ?? throw new InvalidOperationException("host B did not start");

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [PostgreSqlFact]
    public async Task Concurrent_publishes_across_two_hosts_store_each_version_once_and_one_winner_of_a_contested_version()
    {
        var distinct = Enumerable.Range(0, 200).Select(i => Bytes("distinct-" + i)).ToArray();
        var contested = Enumerable.Range(0, 50).Select(i => Bytes("contested-" + i)).ToArray();

        // All 250 at once, alternating hosts: the distinct versions and the contested one race each other too.
        var distinctPuts = distinct.Select((bytes, i) => PutAsync(i % 2 == 0 ? A : B, "fleet", $"{i}.0.0", bytes));
        var contestedPuts = contested.Select((bytes, i) => PutAsync(i % 2 == 0 ? A : B, "contested", "1.0.0", bytes));
        var results = await Task.WhenAll(distinctPuts.Concat(contestedPuts));
        var distinctResults = results[..200];
        var contestedResults = results[200..];

        distinctResults.Should().OnlyContain(r => r.Status == HttpStatusCode.Created, HostOutput());
        contestedResults.Count(r => r.Status == HttpStatusCode.Created).Should().Be(1, HostOutput());
        contestedResults.Where(r => r.Status != HttpStatusCode.Created).Should().HaveCount(49)
            .And.OnlyContain(r => r.Status == HttpStatusCode.Forbidden && r.Body.Contains("Duplicate package is not allowed", StringComparison.Ordinal));
        var winner = contested[Array.FindIndex(contestedResults, r => r.Status == HttpStatusCode.Created)];

        await using var connection = new NpgsqlConnection(_hosts.ConnectionString);
        await connection.OpenAsync();
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM packages WHERE name = 'fleet'")).Should().Be(200);
        (await ScalarAsync(connection, "SELECT COUNT(DISTINCT version) FROM packages WHERE name = 'fleet'")).Should().Be(200);
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM package_files f JOIN packages p ON p.id = f.package_id WHERE p.name = 'fleet'")).Should().Be(200);
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM packages WHERE name = 'contested'")).Should().Be(1);
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM package_files f JOIN packages p ON p.id = f.package_id WHERE p.name = 'contested'")).Should().Be(1);
        (await ScalarAsync(connection, $"SELECT COUNT(*) FROM package_files WHERE sha256 = '{Sha256(winner)}'")).Should().Be(1, "the stored file is the winner's");
        (await ScalarAsync(connection, "SELECT COUNT(*) FROM packages p WHERE NOT EXISTS (SELECT 1 FROM package_files f WHERE f.package_id = p.id)"))
            .Should().Be(0, "no package row without a file");

        // Every row has its bytes in the shared blob store (the bucket, where s3rver runs).
        await using (var command = new NpgsqlCommand("SELECT sha256 FROM package_files", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var sha256 = reader.GetString(0);
                (await _hosts.BlobExistsAsync(sha256)).Should().BeTrue(sha256);
            }
        }

        // What each host took, the other serves.
        var downloads = await Task.WhenAll(distinct.Select((_, i) => _http.GetByteArrayAsync(FileUrl(i % 2 == 0 ? B : A, "fleet", $"{i}.0.0"))));
        downloads.Select(Sha256).Should().Equal(distinct.Select(Sha256));
        (await _http.GetByteArrayAsync(FileUrl(B, "contested", "1.0.0"))).Should().Equal(winner);
    }

    [PostgreSqlFact]
    public async Task A_file_published_through_one_host_downloads_through_the_other_at_once()
    {
        for (var i = 0; i < 10; i++)
        {
            var (from, to) = i % 2 == 0 ? (A, B) : (B, A);
            var bytes = Bytes("relay-" + i);

            (await PutAsync(from, "relay", $"{i}.0.0", bytes)).Status.Should().Be(HttpStatusCode.Created);

            using var response = await _http.GetAsync(FileUrl(to, "relay", $"{i}.0.0"));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
        }
    }

    [PostgreSqlFact("npm")]
    public async Task An_npm_document_revalidated_on_one_host_shows_a_version_just_published_on_the_other()
    {
        // Documents are rendered from the database on every request and their ETag is a hash of the bytes, so there is
        // no per-host cache to go stale: a client's If-None-Match against host B after a publish on host A gets the new
        // document, and an unchanged document still answers 304.
        await NpmPublishAsync(A, "1.0.0");
        using var first = await GetPackumentAsync(B, etag: null);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var firstTag = first.Headers.ETag ?? throw new InvalidOperationException("no ETag");

        await NpmPublishAsync(A, "1.1.0");
        using var second = await GetPackumentAsync(B, firstTag);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        (await second.Content.ReadAsStringAsync()).Should().Contain("\"1.1.0\"");
        var secondTag = second.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        secondTag.Should().NotBe(firstTag);

        using var unchanged = await GetPackumentAsync(B, secondTag);
        unchanged.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [PostgreSqlFact]
    public async Task Fifty_concurrent_dist_tag_moves_across_two_hosts_leave_the_tag_on_exactly_one_version()
    {
        // Issue 13: a tag move is one transaction that locks the package's versions, so the race has one winner even
        // when the requests land on two hosts over one PostgreSQL database.
        const string Name = "pg-tag-race";
        var versions = Enumerable.Range(0, 50).Select(i => $"2.0.{i}").ToArray();
        await NpmTagRace.PublishAsync(_http, NpmRegistry(A), Name, versions);

        var moves = await Task.WhenAll(versions.Select(async (version, i) =>
        {
            using var body = JsonContent.Create(version);
            using var response = await _http.PutAsync($"{NpmRegistry(i % 2 == 0 ? A : B)}-/package/{Name}/dist-tags/release", body);
            return response.StatusCode;
        }));
        moves.Should().OnlyContain(s => s == HttpStatusCode.OK, HostOutput());

        foreach (var host in new[] { A, B })
        {
            var holder = JsonNode.Parse(await _http.GetStringAsync($"{NpmRegistry(host)}-/package/{Name}/dist-tags"))?["release"]?.GetValue<string>();
            (await NpmTagRace.VersionsTaggedAsync(_http, host.BaseUrl, Project, Name, "release", versions.Length))
                .Should().Equal([holder], "exactly one version holds the tag, and the dist-tags document names it");
        }
    }

    private static byte[] Bytes(string seed)
    {
        // 16 KiB that differ per seed, so each publish is its own blob.
        var block = SHA512.HashData(Encoding.UTF8.GetBytes(seed));
        return Enumerable.Repeat(block, 256).SelectMany(b => b).ToArray();
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string FileUrl(SampleHostProcess host, string name, string version) =>
        $"{host.BaseUrl}/api/v4/projects/{Project}/packages/generic/{name}/{version}/file.bin";

    private static string NpmRegistry(SampleHostProcess host) => $"{host.BaseUrl}/api/v4/projects/{Project}/packages/npm/";

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(HttpStatusCode Status, string Body)> PutAsync(SampleHostProcess host, string name, string version, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        using var response = await _http.PutAsync(FileUrl(host, name, version), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> GetPackumentAsync(SampleHostProcess host, EntityTagHeaderValue? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, NpmRegistry(host) + "cross-host-lib");
        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(etag);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>The real npm CLI publishes through <paramref name="host"/>, isolated from the machine's npm config.</summary>
    private async Task NpmPublishAsync(SampleHostProcess host, string version)
    {
        var registry = NpmRegistry(host);
        var dir = Directory.CreateDirectory(Path.Combine(_work, version)).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "package.json"), $$"""{"name":"cross-host-lib","version":"{{version}}"}""");
        var config = Path.Combine(dir, "npmrc");
        await File.WriteAllTextAsync(config, $"{registry[registry.IndexOf("//", StringComparison.Ordinal)..]}:_authToken={SampleHostProcess.AdminToken}\n");
        var (exit, stdout, stderr) = await ExternalTool.RunAsync(
            "npm", ["publish", "--registry", registry, "--userconfig", config, "--cache", Path.Combine(_work, "cache"), "--no-update-notifier"], dir);
        exit.Should().Be(0, $"{stdout}\n{stderr}\n{HostOutput()}");
    }

    private string HostOutput() => $"--- host A ---\n{A.Output}\n--- host B ---\n{B.Output}";
}
