using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Registry.Formats.Tests.Infrastructure;
using Registry.Formats.Tests.NuGet;
using Registry.Formats.Tests.PyPI;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Hardening;

/// <summary>
/// Issue 16's hostile uploads at a scale a test can afford, each over a default limit: refused with the client's
/// error, storing nothing. Before the limits, each was accepted (or refused only after its memory was spent).
/// </summary>
public sealed class BombTests : IDisposable
{
    private const string Project = "/api/v4/projects/demo%2Fapp/packages";
    private const long BombBytes = 300L * 1024 * 1024;
    private readonly SampleHostFactory _host = new();
    private readonly HttpClient _client;

    public BombTests()
    {
        _client = _host.CreateClient();
        _client.DefaultRequestHeaders.Add("PRIVATE-TOKEN", SampleHostFactory.AdminToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task A_pom_nested_deeper_than_the_limit_is_refused()
    {
        const int depth = 100_000;
        var pom = "<project>" + string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)) + "</project>";

        var (status, body) = await PutAsync($"{Project}/maven/com/example/deep/1.0/deep-1.0.pom", new StringContent(pom));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("deeper than 64", body, StringComparison.Ordinal);
        Assert.Empty(_host.StoredFiles());
    }

    [Fact]
    public async Task A_pom_with_more_elements_than_the_limit_is_refused()
    {
        var pom = "<project><artifactId>wide</artifactId>" + string.Concat(Enumerable.Repeat("<a/>", 100_001)) + "</project>";

        var (status, body) = await PutAsync($"{Project}/maven/com/example/wide/1.0/wide-1.0.pom", new StringContent(pom));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("more than 100000 elements", body, StringComparison.Ordinal);
        Assert.Empty(_host.StoredFiles());
    }

    [Fact]
    public async Task A_nupkg_with_more_entries_than_the_limit_is_refused()
    {
        var nupkg = NuGetHostFactory.Nupkg("Many.Entries", "1.0.0", extra: zip =>
        {
            for (var i = 0; i < 100_001; i++)
            {
                zip.CreateEntry("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), CompressionLevel.NoCompression);
            }
        });
        using var request = NuGetHostFactory.Push(nupkg);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("the limit is 100000", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_host.StoredFiles());
    }

    [Fact]
    public async Task An_npm_manifest_with_more_properties_than_the_limit_is_refused()
    {
        var document = NpmPackages.PublishDocument("many-keys", "1.0.0");
        var keys = new JsonObject();
        for (var i = 0; i < 250_001; i++)
        {
            keys["k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = 0;
        }

        ((JsonObject)document["versions"]!["1.0.0"]!)["bomb"] = keys;

        var (status, body) = await PutAsync($"{Project}/npm/many-keys", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("more than 250000 properties", body, StringComparison.Ordinal);
        Assert.Contains("\"error\"", body, StringComparison.Ordinal);
        Assert.Empty(_host.StoredFiles());
    }

    [Fact]
    public async Task An_npm_tarball_that_inflates_past_the_limit_is_refused()
    {
        var tarball = GzipTar(("package/package.json", Encoding.UTF8.GetBytes("{\"name\":\"gzip-bomb\",\"version\":\"1.0.0\"}").Length, new MemoryStream(Encoding.UTF8.GetBytes("{\"name\":\"gzip-bomb\",\"version\":\"1.0.0\"}"))),
            ("package/zeros", BombBytes, new ZeroStream(BombBytes)));
        var document = NpmPackages.PublishDocument("gzip-bomb", "1.0.0", tarball);

        var (status, body) = await PutAsync($"{Project}/npm/gzip-bomb", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("decompresses to more than", body, StringComparison.Ordinal);
        Assert.Empty(_host.StoredFiles());
    }

    [Fact]
    public async Task A_pypi_sdist_that_inflates_past_the_limit_is_refused()
    {
        var pkgInfo = Encoding.UTF8.GetBytes(PyPIHostFactory.Metadata("sdist-bomb", "1.0.0"));
        var sdist = GzipTar(("sdist_bomb-1.0.0/PKG-INFO", pkgInfo.Length, new MemoryStream(pkgInfo)), ("sdist_bomb-1.0.0/zeros", BombBytes, new ZeroStream(BombBytes)));
        using var request = PyPIHostFactory.Upload(sdist, "sdist_bomb-1.0.0.tar.gz", "sdist-bomb", "1.0.0");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("decompresses to more than", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_host.StoredFiles());
    }

    [Fact]
    public async Task A_pypi_form_of_more_parts_than_the_limit_is_refused()
    {
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 2_001; i++)
        {
            form.Add(new StringContent("x"), "field" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await _client.PostAsync($"{Project}/pypi", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("more than 2000 parts", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pypi_field_names_count_against_the_field_budget()
    {
        using var form = new MultipartFormDataContent();
        var name = new string('n', 1024 * 1024);
        for (var i = 0; i < 17; i++)
        {
            form.Add(new StringContent("x"), name + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await _client.PostAsync($"{Project}/pypi", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("exceed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Body)> PutAsync(string path, HttpContent content)
    {
        using (content)
        using (var response = await _client.PutAsync(path, content))
        {
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static byte[] GzipTar(params (string Name, long Length, Stream Data)[] members)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, _, data) in members)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = data });
            }
        }

        return output.ToArray();
    }
}
