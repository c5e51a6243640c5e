using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Offload;

/// <summary>
/// Download grants (<c>PackageRegistry:Downloads:Offload:GrantSeconds</c>, the README's grant configuration): nginx
/// keeps the host's answer to a download under a hash of the credentials and URL and sends the file again without
/// asking the host, for the granted seconds. A revoked token downloads that file until the grant ends and not after;
/// other credentials never share it; nothing but download answers is kept, so npm sees a new version at once.
/// </summary>
public sealed class NginxGrantOffloadTests(NginxGrantFrontProxy proxy) : IClassFixture<NginxGrantFrontProxy>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("registry-grant-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string FileUrl(string name) => $"{proxy.BaseUrl}/api/v4/projects/demo%2Fapp/packages/generic/granted/1.0.0/{name}";

    [NginxGrantFact("curl")]
    public async Task A_revoked_token_downloads_a_granted_file_until_the_grant_ends_and_is_refused_after()
    {
        var bytes = await PublishAsync("tool.bin", 64 * 1024);
        using var directory = new DirectoryApi(proxy.Host);
        var (tokenId, _, token) = await directory.CreateProjectAccessTokenAsync("demo/app", accessLevel: 20);

        var clock = Stopwatch.StartNew();
        (await CurlAsync(token, "tool.bin")).Should().Be("200", proxy.ErrorLog);
        // The grant began between the two clocks' starts. nginx keeps it through the whole second in which it ends
        // (X-Accel-Expires adds to its clock's whole second, and it compares whole seconds), so it lasts
        // GrantSeconds and at most one second more: the "inside" check counts from before the first download, the
        // "ended" check from after it.
        var sinceGranted = Stopwatch.StartNew();
        (await File.ReadAllBytesAsync(Path.Combine(_work, "tool.bin"))).Should().Equal(bytes);
        await directory.RevokeProjectAccessTokenAsync("demo/app", tokenId);

        // The host refuses the token now; other credentials on the same URL are asked of the host, never granted.
        using (var http = new HttpClient())
        {
            http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", token);
            (await http.GetAsync(proxy.Host.BaseUrl + new Uri(FileUrl("tool.bin")).PathAndQuery)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        (await CurlAsync(null, "tool.bin")).Should().Be("401");
        (await CurlAsync(token + "x", "tool.bin")).Should().Be("401");
        (await CurlAsync(token, "tool.bin", header: "JOB-TOKEN")).Should().Be("401", "the key names the header the token came in");

        // Inside the grant nginx sends the file without asking the host. Only asserted with a second to spare: a
        // loaded machine may have taken the whole grant to get here.
        if (clock.Elapsed < TimeSpan.FromSeconds(NginxGrantFrontProxy.GrantSeconds - 1))
        {
            (await CurlAsync(token, "tool.bin")).Should().Be("200", "nginx reuses the grant it was given");
            (await File.ReadAllBytesAsync(Path.Combine(_work, "tool.bin"))).Should().Equal(bytes);
        }

        var end = TimeSpan.FromSeconds(NginxGrantFrontProxy.GrantSeconds + 1.5) - sinceGranted.Elapsed;
        if (end > TimeSpan.Zero)
        {
            await Task.Delay(end);
        }

        (await CurlAsync(token, "tool.bin")).Should().Be("401", "the grant has ended, so nginx asks the host again");
    }

    [NginxGrantFact("curl")]
    public async Task A_granted_file_is_sent_with_the_hosts_headers_ranges_and_head()
    {
        var bytes = await PublishAsync("ranged.bin", 300 * 1024);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);

        // The first answer is the host's (and becomes the grant); the next ones are nginx's own.
        for (var round = 0; round < 2; round++)
        {
            using (var full = await http.GetAsync(FileUrl("ranged.bin")))
            {
                full.StatusCode.Should().Be(HttpStatusCode.OK, proxy.ErrorLog);
                (await full.Content.ReadAsByteArrayAsync()).Should().Equal(bytes);
                full.Headers.GetValues("X-Checksum-SHA256").Should().Equal(sha256);
                full.Headers.ETag?.Tag.Should().Be($"\"{sha256}\"");
                full.Headers.Contains("X-Accel-Expires").Should().BeFalse("nginx keeps the grant's lifetime to itself");
            }

            using var range = new HttpRequestMessage(HttpMethod.Get, FileUrl("ranged.bin"));
            range.Headers.Range = new RangeHeaderValue(1000, 1999);
            using (var partial = await http.SendAsync(range))
            {
                partial.StatusCode.Should().Be(HttpStatusCode.PartialContent, proxy.ErrorLog);
                (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(bytes[1000..2000]);
            }

            using var head = new HttpRequestMessage(HttpMethod.Head, FileUrl("ranged.bin"));
            using var headers = await http.SendAsync(head);
            headers.StatusCode.Should().Be(HttpStatusCode.OK);
            headers.Content.Headers.ContentLength.Should().Be(bytes.Length);
        }
    }

    [NginxGrantFact("npm")]
    public async Task Npm_installs_through_the_grant_tier_and_sees_a_new_version_at_once()
    {
        var registry = $"{proxy.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";
        var nerfed = registry[registry.IndexOf("//", StringComparison.Ordinal)..];
        var npmrc = $"registry={registry}\naudit=false\nfund=false\n{nerfed}:_authToken={SampleHostProcess.AdminToken}\n";
        string[] isolation = ["--cache", Path.Combine(_work, "cache"), "--userconfig", Path.Combine(_work, "userconfig"), "--no-update-notifier", "--prefer-online"];
        await File.WriteAllTextAsync(Path.Combine(_work, "userconfig"), string.Empty);
        var library = Directory.CreateDirectory(Path.Combine(_work, "lib")).FullName;
        await File.WriteAllTextAsync(Path.Combine(library, ".npmrc"), npmrc);
        var app = Directory.CreateDirectory(Path.Combine(_work, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, ".npmrc"), npmrc);
        await File.WriteAllTextAsync(Path.Combine(app, "package.json"), """{"name":"app","version":"0.0.0","private":true}""");

        foreach (var version in new[] { "1.0.0", "1.1.0" })
        {
            await File.WriteAllTextAsync(Path.Combine(library, "package.json"), $$"""{"name":"@demo/granted","version":"{{version}}","main":"index.js"}""");
            await File.WriteAllTextAsync(Path.Combine(library, "index.js"), $"module.exports = '{version}';\n");
            var publish = await ExternalTool.RunAsync("npm", ["publish", .. isolation], library);
            publish.ExitCode.Should().Be(0, publish.StdOut + publish.StdErr + proxy.Host.Output);

            // The packument is fetched after each publish: a kept answer would install the version before.
            var install = await ExternalTool.RunAsync("npm", ["install", "@demo/granted@latest", .. isolation], app);
            install.ExitCode.Should().Be(0, install.StdOut + install.StdErr + proxy.ErrorLog);
            (await File.ReadAllTextAsync(Path.Combine(app, "node_modules", "@demo", "granted", "index.js"))).Should().Contain(version);
        }
    }

    private async Task<byte[]> PublishAsync(string name, int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        using var put = await http.PutAsync(FileUrl(name), new ByteArrayContent(bytes));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync() + proxy.ErrorLog);
        return bytes;
    }

    /// <summary>curl's status for the file through nginx, the body kept in the work directory; no token when null.</summary>
    private async Task<string> CurlAsync(string? token, string name, string header = "PRIVATE-TOKEN")
    {
        List<string> arguments = ["--silent", "--show-error", "--output", Path.Combine(_work, name), "--write-out", "%{http_code}"];
        if (token is not null)
        {
            arguments.AddRange(["--header", $"{header}: {token}"]);
        }

        var result = await ExternalTool.RunAsync("curl", [.. arguments, FileUrl(name)]);
        result.ExitCode.Should().Be(0, result.StdErr);
        return result.StdOut;
    }
}
