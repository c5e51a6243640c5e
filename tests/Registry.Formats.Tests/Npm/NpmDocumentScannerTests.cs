using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Registry.Formats.Npm;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>The streaming reader of publish documents: what it keeps, what it decodes, what it refuses.</summary>
public sealed class NpmDocumentScannerTests
{
    private static async Task<(byte[] Tarball, NpmDocumentScanner Scanner)> ScanAsync(byte[] document, int maxMetadata = 1 << 20, bool trickle = true)
    {
        var scanner = new NpmDocumentScanner(trickle ? new TrickleStream(document) : new MemoryStream(document), 1 << 30, maxMetadata);
        using var output = new MemoryStream();
        var buffer = new byte[3000];
        int read;
        while ((read = await scanner.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            output.Write(buffer, 0, read);
        }

        return (output.ToArray(), scanner);
    }

    private static string Attachment(string data) => "{\"_attachments\":{\"a.tgz\":{\"data\":\"" + data + "\"}}}";

    private static JsonObject WithData(JsonObject document, string data)
    {
        var copy = document.DeepClone().AsObject();
        copy["_attachments"]!.AsObject().First().Value!["data"] = data;
        return copy;
    }

    [Fact]
    public async Task A_document_read_a_few_bytes_at_a_time_gives_the_tarball_and_the_rest_of_the_document()
    {
        var tarball = NpmPackages.Tarball("pkg", "1.0.0", [("package/blob.bin", Convert.ToBase64String(RandomNumberGenerator.GetBytes(200_000)))]);
        var document = NpmPackages.PublishDocument("pkg", "1.0.0", tarball);

        var (decoded, scanner) = await ScanAsync(Encoding.UTF8.GetBytes(document.ToJsonString()));

        decoded.Should().Equal(tarball);
        JsonNode.DeepEquals(JsonNode.Parse(scanner.Metadata.Span), WithData(document, "")).Should().BeTrue();
        scanner.Attachment.Should().BeEquivalentTo(new NpmAttachment(tarball.Length, SHA512.HashData(tarball), SHA1.HashData(tarball), IsGzip: true, DataValues: 1));
    }

    [Fact]
    public async Task Attachments_may_come_first_and_the_data_may_use_any_json_escape_of_its_characters()
    {
        var tarball = RandomNumberGenerator.GetBytes(10_000);
        var base64 = Convert.ToBase64String(tarball);
        // Escapes as other JSON writers produce them, plus whitespace that base64 decoders skip; never inside another escape.
        var escaped = string.Concat(base64.Select((c, i) => (i is 4 ? " " : i is 76 ? "\\n" : "") + c switch
        {
            '/' => "\\/",
            '+' => "\\u002B",
            _ => c.ToString(),
        }));
        var json = $$$"""{ "_attachments" : { "x.tgz" : { "length" : {{{tarball.Length}}}, "data" : "{{{escaped}}}" } }, "\u005fid": "x", "versions": {"1.0.0": {"data": "not this"}} }""";

        var (decoded, scanner) = await ScanAsync(Encoding.UTF8.GetBytes(json));

        decoded.Should().Equal(tarball);
        var metadata = JsonNode.Parse(scanner.Metadata.Span)!;
        ((string?)metadata["_attachments"]!["x.tgz"]!["data"]).Should().BeEmpty();
        ((string?)metadata["versions"]!["1.0.0"]!["data"]).Should().Be("not this");
        scanner.Attachment!.IsGzip.Should().BeFalse();
    }

    [Fact]
    public async Task Data_outside_an_attachment_and_a_document_without_attachments_are_kept_whole()
    {
        var json = """{"name":"x","versions":{"1.0.0":{"deprecated":"old","data":"AAAA"}},"data":"AAAA","_attachments":{"data":"AAAA"}}""";

        var (decoded, scanner) = await ScanAsync(Encoding.UTF8.GetBytes(json));

        decoded.Should().BeEmpty();
        scanner.Attachment.Should().BeNull();
        Encoding.UTF8.GetString(scanner.Metadata.Span).Should().Be(json);
    }

    [Theory]
    [InlineData("")]
    [InlineData("AA==")]
    [InlineData("AB==")]
    [InlineData("AAB=")]
    [InlineData("AAA")]
    [InlineData("A===")]
    [InlineData("====")]
    [InlineData("AA=A")]
    [InlineData("AA==AAAA")]
    [InlineData("AAAA AAAA")]
    [InlineData("AAAA\\r\\nAAAA")]
    [InlineData("AA\\u003d\\u003D")]
    [InlineData("AA-_")]
    [InlineData("AAAA\\\"AAA")]
    [InlineData("AAAA\\\\AAA")]
    [InlineData("AAAA\\u00e9AA")]
    public async Task The_data_decodes_exactly_as_Convert_FromBase64String_decodes_it(string data)
    {
        var unescaped = (string)JsonNode.Parse($"\"{data}\"")!;
        byte[]? expected;
        try
        {
            expected = Convert.FromBase64String(unescaped);
        }
        catch (FormatException)
        {
            expected = null;
        }

        var json = Encoding.UTF8.GetBytes(Attachment(data));
        if (expected is null)
        {
            var scan = () => ScanAsync(json);
            (await scan.Should().ThrowAsync<NpmDocumentException>()).Which.StatusCode.Should().Be(400);
        }
        else
        {
            (await ScanAsync(json)).Tarball.Should().Equal(expected);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(70_000)]
    [InlineData(199_999)]
    public async Task A_bad_character_anywhere_in_a_large_data_string_is_refused(int position)
    {
        var base64 = new StringBuilder(Convert.ToBase64String(RandomNumberGenerator.GetBytes(150_000)));
        base64[position] = '!';
        var json = Encoding.UTF8.GetBytes(Attachment(base64.ToString()));

        var scan = () => ScanAsync(json, trickle: false);

        (await scan.Should().ThrowAsync<NpmDocumentException>()).Which.Message.Should().Contain("base64");
    }

    [Theory]
    [InlineData("AAAA\\x")]
    [InlineData("AAAA\\u00zz")]
    [InlineData("AA\u0001A")]
    public async Task Data_that_is_not_a_valid_json_string_is_refused(string data)
    {
        var scan = () => ScanAsync(Encoding.UTF8.GetBytes(Attachment(data)));

        (await scan.Should().ThrowAsync<NpmDocumentException>()).Which.Message.Should().Contain("not a JSON object");
    }

    [Fact]
    public async Task Only_the_part_outside_the_data_counts_against_the_metadata_limit()
    {
        var tarball = RandomNumberGenerator.GetBytes(50_000);
        var document = NpmPackages.PublishDocument("pkg", "1.0.0", tarball);
        (await ScanAsync(Encoding.UTF8.GetBytes(document.ToJsonString()), maxMetadata: 2000)).Tarball.Should().Equal(tarball);

        document["readme"] = new string('r', 3000);
        var scan = () => ScanAsync(Encoding.UTF8.GetBytes(document.ToJsonString()), maxMetadata: 2000);

        var refused = (await scan.Should().ThrowAsync<NpmDocumentException>()).Which;
        refused.StatusCode.Should().Be(413);
        refused.Message.Should().Contain("2000 bytes");
    }

    [Fact]
    public async Task The_whole_document_counts_against_the_document_limit()
    {
        var document = Encoding.UTF8.GetBytes(NpmPackages.PublishDocument("pkg", "1.0.0", RandomNumberGenerator.GetBytes(50_000)).ToJsonString());
        var scanner = new NpmDocumentScanner(new MemoryStream(document), document.Length - 1, 1 << 20);

        var read = async () =>
        {
            while (await scanner.ReadAsync(new byte[4096], CancellationToken.None) > 0)
            {
            }
        };

        (await read.Should().ThrowAsync<NpmDocumentException>()).Which.StatusCode.Should().Be(413);
    }

    [Fact]
    public async Task Every_data_string_of_the_attachments_is_counted_and_only_the_first_is_handed_out()
    {
        var json = """{"_attachments":{"a.tgz":{"data":"AAEC"},"b.tgz":{"data":"AwQF"}}}""";

        var (decoded, scanner) = await ScanAsync(Encoding.UTF8.GetBytes(json));

        decoded.Should().Equal(0, 1, 2);
        scanner.Attachment!.DataValues.Should().Be(2);
    }
}
