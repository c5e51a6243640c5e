using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>The publish document is read as a stream: any field order, any read sizes, and refusals found late leave nothing.</summary>
public sealed class NpmStreamingPublishTests : IDisposable
{
    private const string Registry = "/api/v4/projects/demo%2Fapp/packages/npm";
    private readonly NpmHostFactory _host = new(new Dictionary<string, string?> { ["PackageRegistry:Npm:MaxMetadataSizeBytes"] = "4096" });
    private readonly HttpClient _client;

    public NpmStreamingPublishTests()
    {
        _client = _host.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NpmHostFactory.AdminToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private static byte[] LargeTarball() =>
        NpmPackages.Tarball("stream-pkg", "1.0.0", [("package/blob.txt", Convert.ToBase64String(RandomNumberGenerator.GetBytes(120_000)))]);

    private Task<HttpResponseMessage> PutAsync(Stream body) =>
        _client.PutAsync(Registry + "/stream-pkg", new StreamContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

    private async Task AssertPublishedAsync(HttpResponseMessage put, byte[] tarball)
    {
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        (await _client.GetByteArrayAsync(Registry + "/stream-pkg/-/stream-pkg-1.0.0.tgz")).Should().Equal(tarball);
        var packument = JsonNode.Parse(await _client.GetStringAsync(Registry + "/stream-pkg"))!;
        ((string?)packument["dist-tags"]!["latest"]).Should().Be("1.0.0");
    }

    private async Task AssertRefusedAsync(byte[] body, string error, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var put = await PutAsync(new MemoryStream(body));
        put.StatusCode.Should().Be(status);
        (await put.Content.ReadAsStringAsync()).Should().Contain(error);
        (await _client.GetAsync(Registry + "/stream-pkg")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        _host.StoredFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Attachments_before_versions_publish_the_same_package()
    {
        var tarball = LargeTarball();
        var npmOrder = NpmPackages.PublishDocument("stream-pkg", "1.0.0", tarball);
        var attachmentsFirst = new JsonObject { ["_attachments"] = npmOrder["_attachments"]!.DeepClone() };
        foreach (var (key, value) in npmOrder.Where(p => p.Key != "_attachments"))
        {
            attachmentsFirst[key] = value?.DeepClone();
        }

        var put = await PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(attachmentsFirst.ToJsonString())));

        await AssertPublishedAsync(put, tarball);
    }

    [Fact]
    public async Task A_document_arriving_a_few_bytes_at_a_time_is_published()
    {
        var tarball = LargeTarball();
        var document = Encoding.UTF8.GetBytes(NpmPackages.PublishDocument("stream-pkg", "1.0.0", tarball).ToJsonString());

        var put = await PutAsync(new TrickleStream(document));

        await AssertPublishedAsync(put, tarball);
    }

    /// <summary>
    /// Found by fuzzing: System.Text.Json parses a string holding invalid UTF-8 or an unpaired surrogate escape and
    /// throws only when it is read, which answered 500 instead of 400.
    /// </summary>
    [Theory]
    [InlineData("invalid-utf8")]
    [InlineData("unpaired-surrogate")]
    public async Task A_name_that_is_not_text_is_400_and_stores_nothing(string kind)
    {
        var document = Encoding.UTF8.GetBytes(NpmPackages.PublishDocument("stream-pkg", "1.0.0").ToJsonString());
        byte[] broken = kind == "invalid-utf8" ? [.. "stream-p"u8, 0xFF, .. "g"u8] : "stream-p\\ud800g"u8.ToArray();

        var body = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(document).Replace("stream-pkg", Encoding.Latin1.GetString(broken), StringComparison.Ordinal));

        await AssertRefusedAsync(body, "not valid UTF-8 text");
    }

    /// <summary>Found by fuzzing: a document repeating a property parsed, then threw ArgumentException on first access (500).</summary>
    [Fact]
    public async Task A_document_repeating_a_property_is_400_and_stores_nothing()
    {
        var document = NpmPackages.PublishDocument("stream-pkg", "1.0.0").ToJsonString();
        var repeated = "{\"_id\":\"stream-pkg\"," + document[1..];

        await AssertRefusedAsync(Encoding.UTF8.GetBytes(repeated), "not a JSON object");
    }

    [Fact]
    public async Task A_duplicate_version_is_409_and_stores_nothing_more()
    {
        var tarball = LargeTarball();
        var document = Encoding.UTF8.GetBytes(NpmPackages.PublishDocument("stream-pkg", "1.0.0", tarball).ToJsonString());
        await AssertPublishedAsync(await PutAsync(new MemoryStream(document)), tarball);
        var stored = _host.StoredFiles().ToList();

        var again = await PutAsync(new MemoryStream(Encoding.UTF8.GetBytes(NpmPackages.PublishDocument("stream-pkg", "1.0.0", LargeTarball()).ToJsonString())));

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).Should().Contain("Cannot publish over the previously published version 1.0.0");
        _host.StoredFiles().Should().BeEquivalentTo(stored);
    }

    public static TheoryData<string> Breakages() => new()
    {
        "bad character early in the data",
        "bad character late in the data",
        "padding inside the data",
        "cut inside the data",
        "cut after the data",
        "text after the document",
        "backslash escape in the data",
        "a second attachment",
        "a second data string",
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public Task A_document_broken_before_or_after_the_tarball_leaves_nothing(string breakage)
    {
        var document = NpmPackages.PublishDocument("stream-pkg", "1.0.0", LargeTarball()).ToJsonString();
        var data = document.IndexOf("\"data\":\"", StringComparison.Ordinal) + "\"data\":\"".Length;
        var dataEnd = document.IndexOf('"', data);

        // The serializer writes '+' as \u002B: a change must land on plain base64 characters, away from any escape.
        int Plain(int at)
        {
            while (document.AsSpan(at - 6, 13).Contains('\\'))
            {
                at++;
            }

            return at;
        }

        var (broken, error) = breakage switch
        {
            "bad character early in the data" => (document.Remove(Plain(data + 8), 1).Insert(Plain(data + 8), "%"), "base64"),
            "bad character late in the data" => (document.Remove(Plain(dataEnd - 1000), 1).Insert(Plain(dataEnd - 1000), "%"), "base64"),
            "padding inside the data" => (document.Remove(Plain(data + 100), 1).Insert(Plain(data + 100), "="), "base64"),
            "cut inside the data" => (document[..(dataEnd - 1000)], "not a JSON object"),
            "cut after the data" => (document[..(dataEnd + 3)], "not a JSON object"),
            "text after the document" => (document + " trailing", "not a JSON object"),
            "backslash escape in the data" => (document.Insert(Plain(dataEnd - 1000), "\\\\"), "base64"),
            "a second attachment" => (document.Replace("\"_attachments\":{", "\"_attachments\":{\"other.tgz\":{\"data\":\"AAAA\"},", StringComparison.Ordinal), "exactly one attachment"),
            // A second "data" in one attachment repeats a property, which the strict parse refuses.
            _ => (document.Insert(data - "\"data\":\"".Length, "\"data\":\"AAAA\","), "not a JSON object"),
        };

        return AssertRefusedAsync(Encoding.UTF8.GetBytes(broken), error);
    }

    [Fact]
    public Task The_document_beside_the_tarball_is_capped_by_MaxMetadataSizeBytes()
    {
        var document = NpmPackages.PublishDocument("stream-pkg", "1.0.0", LargeTarball());
        document["readme"] = new string('r', 5000);

        return AssertRefusedAsync(Encoding.UTF8.GetBytes(document.ToJsonString()), "the limit is 4096 bytes", HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_document_without_tarball_bytes_is_refused_as_before()
    {
        var document = NpmPackages.PublishDocument("stream-pkg", "1.0.0");
        document["_attachments"]!["stream-pkg-1.0.0.tgz"]!["data"] = "";

        await AssertRefusedAsync(Encoding.UTF8.GetBytes(document.ToJsonString()), "attachment data is missing");
    }
}
