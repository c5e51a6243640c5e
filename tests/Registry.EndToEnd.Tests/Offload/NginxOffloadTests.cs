using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Offload;

/// <summary>
/// Downloads offloaded to nginx (<c>PackageRegistry:Downloads:Offload:Mode=XAccelRedirect</c>): the host authorizes,
/// nginx sends the bytes. Real npm publishes and installs through the proxy (npm checks each tarball's sha512), curl
/// gets the file with its checksum headers, a range and a <c>HEAD</c>, and a refused request gets the host's refusal,
/// never the file; the blob location itself is unreachable from outside.
/// </summary>
public sealed class NginxOffloadTests(NginxFrontProxy proxy) : IClassFixture<NginxFrontProxy>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("registry-offload-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string FileUrl(string name) => $"{proxy.BaseUrl}/api/v4/projects/demo%2Fapp/packages/generic/offload/1.0.0/{name}";

    [ClientFact("nginx", "curl")]
    public async Task Nginx_sends_an_authorized_download_with_the_hosts_headers_and_ranges()
    {
        var bytes = RandomNumberGenerator.GetBytes(300 * 1024);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        using (var put = await http.PutAsync(FileUrl("tool.bin"), new ByteArrayContent(bytes)))
        {
            put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync() + proxy.ErrorLog);
        }

        var body = Path.Combine(_work, "tool.bin");
        var get = await ExternalTool.RunAsync("curl", ["--silent", "--show-error", "--fail", "--header", $"PRIVATE-TOKEN: {SampleHostProcess.AdminToken}", "--dump-header", "-", "--output", body, FileUrl("tool.bin")]);
        get.ExitCode.Should().Be(0, get.StdErr + proxy.ErrorLog);
        (await File.ReadAllBytesAsync(body)).Should().Equal(bytes);
        get.StdOut.Should().Contain($"X-Checksum-SHA256: {sha256}").And.Contain($"ETag: \"{sha256}\"").And.NotContain("X-Accel-Redirect");

        // Asked directly, the host sends no bytes: only the header that has nginx send them.
        using (var direct = await http.GetAsync($"{proxy.Host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/generic/offload/1.0.0/tool.bin"))
        {
            direct.Headers.GetValues("X-Accel-Redirect").Should().Equal($"/_registry_blobs/sha256/{sha256[..2]}/{sha256[2..4]}/{sha256}");
            (await direct.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        }

        using var range = new HttpRequestMessage(HttpMethod.Get, FileUrl("tool.bin"));
        range.Headers.Range = new RangeHeaderValue(1000, 1999);
        using (var partial = await http.SendAsync(range))
        {
            partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
            (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(bytes[1000..2000]);
        }

        using var head = new HttpRequestMessage(HttpMethod.Head, FileUrl("tool.bin"));
        using (var headers = await http.SendAsync(head))
        {
            headers.StatusCode.Should().Be(HttpStatusCode.OK);
            headers.Content.Headers.ContentLength.Should().Be(bytes.Length);
        }
    }

    [ClientFact("nginx", "curl")]
    public async Task A_refused_download_gets_the_hosts_answer_and_the_blob_location_is_not_reachable()
    {
        var bytes = RandomNumberGenerator.GetBytes(4096);
        using (var http = new HttpClient())
        {
            http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
            using var put = await http.PutAsync(FileUrl("secret.bin"), new ByteArrayContent(bytes));
            put.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var anonymous = await ExternalTool.RunAsync("curl", ["--silent", "--output", "/dev/null", "--write-out", "%{http_code}", FileUrl("secret.bin")]);
        anonymous.StdOut.Should().Be("401");

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var direct = await ExternalTool.RunAsync("curl", ["--silent", "--output", "/dev/null", "--write-out", "%{http_code}", $"{proxy.BaseUrl}/_registry_blobs/sha256/{sha256[..2]}/{sha256[2..4]}/{sha256}"]);
        direct.StdOut.Should().NotBe("200", "the internal location only answers the host's redirects");
    }

    [ClientFact("nginx", "npm")]
    public async Task Npm_publishes_and_installs_through_nginx_with_tarballs_sent_by_nginx()
    {
        var registry = $"{proxy.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";
        var nerfed = registry[registry.IndexOf("//", StringComparison.Ordinal)..];
        var npmrc = $"registry={registry}\naudit=false\nfund=false\n{nerfed}:_authToken={SampleHostProcess.AdminToken}\n";
        string[] isolation = ["--cache", Path.Combine(_work, "cache"), "--userconfig", Path.Combine(_work, "userconfig"), "--no-update-notifier"];
        await File.WriteAllTextAsync(Path.Combine(_work, "userconfig"), string.Empty);

        var library = Directory.CreateDirectory(Path.Combine(_work, "lib")).FullName;
        await File.WriteAllTextAsync(Path.Combine(library, ".npmrc"), npmrc);
        await File.WriteAllTextAsync(Path.Combine(library, "package.json"), """{"name":"@demo/offloaded","version":"1.0.0","main":"index.js"}""");
        await File.WriteAllTextAsync(Path.Combine(library, "index.js"), "module.exports = 'sent by nginx';\n");
        var publish = await ExternalTool.RunAsync("npm", ["publish", .. isolation], library);
        publish.ExitCode.Should().Be(0, publish.StdOut + publish.StdErr + proxy.Host.Output);

        var app = Directory.CreateDirectory(Path.Combine(_work, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, ".npmrc"), npmrc);
        await File.WriteAllTextAsync(Path.Combine(app, "package.json"), """{"name":"app","version":"0.0.0","private":true}""");
        var install = await ExternalTool.RunAsync("npm", ["install", "@demo/offloaded", .. isolation], app);
        install.ExitCode.Should().Be(0, install.StdOut + install.StdErr + proxy.ErrorLog);
        (await File.ReadAllTextAsync(Path.Combine(app, "node_modules", "@demo", "offloaded", "index.js"))).Should().Contain("sent by nginx");

        // The tarball was nginx's to send: the host answers its URL with the redirect header and no bytes.
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        var packument = JsonNode.Parse(await http.GetStringAsync($"{registry}@demo%2Foffloaded"));
        var tarballUrl = packument?["versions"]?["1.0.0"]?["dist"]?["tarball"]?.GetValue<string>() ?? throw new InvalidOperationException("no tarball URL");
        tarballUrl.Should().StartWith(proxy.BaseUrl, "the packument names the proxy the client came through");
        using var tarball = await http.GetAsync(proxy.Host.BaseUrl + tarballUrl[proxy.BaseUrl.Length..]);
        tarball.StatusCode.Should().Be(HttpStatusCode.OK);
        tarball.Headers.Contains("X-Accel-Redirect").Should().BeTrue();
        (await tarball.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
    }
}
