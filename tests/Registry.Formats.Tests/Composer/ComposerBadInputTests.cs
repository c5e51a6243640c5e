using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;

namespace Registry.Formats.Tests.Composer;

/// <summary>Every refused upload answers 400 (413 for size) with a clear message and leaves no row, no blob and no temporary file.</summary>
public sealed class ComposerBadInputTests : IDisposable
{
    private const string Name = "acme/bad";
    private readonly ComposerHostFactory _host = new(new Dictionary<string, string?>
    {
        ["PackageRegistry:Composer:MaxUncompressedBytes"] = "1048576",
        ["PackageRegistry:Composer:MaxFileSizeBytes"] = "4194304",
        ["PackageRegistry:Composer:MaxArchiveEntries"] = "50",
    });

    private readonly HttpClient _client;

    public ComposerBadInputTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    public static TheoryData<string, string> BadUploads => new()
    {
        { "not-a-zip", "not a valid zip archive" },
        { "truncated", "not a valid zip archive" },
        { "no-composer-json", "no composer.json at its root or in its one top-level directory" },
        { "composer-json-two-levels-down", "no composer.json at its root" },
        { "two-top-level-directories", "no composer.json at its root" },
        { "invalid-json", "composer.json is not valid JSON" },
        { "json-array", "composer.json is not a JSON object" },
        { "no-name", "composer.json has no valid name" },
        { "name-without-vendor", "composer.json has no valid name" },
        { "name-uppercase", "composer.json has no valid name" },
        { "name-not-a-string", "composer.json has no valid name" },

        // Found by fuzzing (tests/Registry.Fuzzing/Crashes/composer): System.Text.Json parses these and throws only when
        // the string is read, which answered 500.
        { "name-invalid-utf8", "not valid UTF-8 text" },
        { "name-unpaired-surrogate", "not valid UTF-8 text" },
        { "duplicate-name", "composer.json is not valid JSON" },
        { "invalid-version-in-json", "composer.json has an invalid version" },
        { "invalid-version-query", "is not a Composer version" },
        { "tag-and-branch", "mutually exclusive" },
        { "dot-dot", "'..'" },
        { "absolute-path", "absolute path" },
        { "symlink", "symbolic link" },
        { "bomb", "uncompressed bytes" },
        { "too-many-entries", "the limit is 50" },
        { "form-without-file", "no file part" },
        { "not-multipart", "multipart/form-data" },
        { "empty", "empty" },
    };

    private static HttpRequestMessage Build(string kind)
    {
        var good = ComposerHostFactory.Archive(Name);
        return kind switch
        {
            "not-a-zip" => Put("this is not a zip"u8.ToArray()),
            "truncated" => Put(good[..(good.Length / 2)]),
            "no-composer-json" => Put(ComposerHostFactory.Archive(Name, composerJson: string.Empty)),
            "composer-json-two-levels-down" => Put(ComposerHostFactory.Archive(Name, top: "a/b")),
            "two-top-level-directories" => Put(ComposerHostFactory.Archive(Name, top: "one", extra: zip => ComposerHostFactory.Write(zip, "two/README.md", "x"))),
            "invalid-json" => Put(ComposerHostFactory.Archive(Name, composerJson: "{\"name\": \"acme/bad\",")),
            "json-array" => Put(ComposerHostFactory.Archive(Name, composerJson: "[\"acme/bad\"]")),
            "no-name" => Put(ComposerHostFactory.Archive(Name, composerJson: "{\"description\":\"x\"}")),
            "name-without-vendor" => Put(ComposerHostFactory.Archive(Name, composerJson: "{\"name\":\"bad\"}")),
            "name-uppercase" => Put(ComposerHostFactory.Archive(Name, composerJson: "{\"name\":\"Acme/Bad\"}")),
            "name-not-a-string" => Put(ComposerHostFactory.Archive(Name, composerJson: "{\"name\":42}")),
            "name-invalid-utf8" => Put(ComposerHostFactory.Archive(Name, composerJson: string.Empty, extra: zip =>
            {
                using var stream = zip.CreateEntry("composer.json").Open();
                stream.Write([.. "{\"name\":\"acme/b"u8, 0xFF, .. "d\"}"u8]);
            })),
            "duplicate-name" => Put(ComposerHostFactory.Archive(Name, composerJson: "{\"name\":\"acme/bad\",\"name\":\"acme/other\"}")),
            "name-unpaired-surrogate" => Put(ComposerHostFactory.Archive(Name, composerJson: "{\"name\":\"acme/\\ud800bad\"}")),
            "invalid-version-in-json" => ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, version: "1.0.0.0.0"), version: null),
            "invalid-version-query" => ComposerHostFactory.Put(good, "not a version"),
            "tag-and-branch" => ComposerHostFactory.Post(good, new Dictionary<string, string> { ["tag"] = "v1.0.0", ["branch"] = "main" }),
            "dot-dot" => Put(ComposerHostFactory.Archive(Name, extra: zip => ComposerHostFactory.Write(zip, "src/../../evil.php", "x"))),
            "absolute-path" => Put(ComposerHostFactory.Archive(Name, extra: zip => ComposerHostFactory.Write(zip, "/etc/cron.d/evil", "x"))),
            "symlink" => Put(ComposerHostFactory.Archive(Name, extra: zip =>
            {
                var link = zip.CreateEntry("src/passwd");
                link.ExternalAttributes = unchecked((int)0xA1FF0000);
                using var stream = link.Open();
                stream.Write("/etc/passwd"u8);
            })),
            "bomb" => Put(ComposerHostFactory.Archive(Name, extra: zip =>
            {
                using var stream = zip.CreateEntry("src/zeros.bin", CompressionLevel.SmallestSize).Open();
                stream.Write(new byte[2 * 1024 * 1024]);
            })),
            "too-many-entries" => Put(ComposerHostFactory.Archive(Name, extra: zip =>
            {
                for (var i = 0; i < 60; i++)
                {
                    ComposerHostFactory.Write(zip, $"src/F{i}.php", "<?php\n");
                }
            })),
            "form-without-file" => ComposerHostFactory.WithToken(new HttpRequestMessage(HttpMethod.Post, ComposerHostFactory.Project)
            {
                Content = new MultipartFormDataContent { { new StringContent("v1.0.0"), "tag" } },
            }, ComposerHostFactory.AdminToken),
            "not-multipart" => ComposerHostFactory.WithToken(new HttpRequestMessage(HttpMethod.Post, ComposerHostFactory.Project) { Content = new ByteArrayContent(good) }, ComposerHostFactory.AdminToken),
            "empty" => Put([]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static HttpRequestMessage Put(byte[] zip) => ComposerHostFactory.Put(zip, "1.0.0");

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Invalid_uploads_are_refused_with_nothing_stored(string kind, string error)
    {
        var temp = TempFiles();

        var upload = await _client.SendAsync(Build(kind));

        upload.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await upload.Content.ReadAsStringAsync()).Should().Contain(error);
        _host.StoredFiles().Should().BeEmpty();
        (await _host.PackageCountAsync()).Should().Be(0);
        TempFiles().Except(temp).Should().BeEmpty("a refused upload leaves no temporary file");
    }

    [Fact]
    public async Task An_archive_over_the_size_limit_is_refused_with_413()
    {
        var big = ComposerHostFactory.Archive(Name, extra: zip =>
        {
            using var stream = zip.CreateEntry("src/random.bin", CompressionLevel.NoCompression).Open();
            stream.Write(RandomNumberGenerator.GetBytes(5 * 1024 * 1024));
        });

        var announced = await _client.SendAsync(ComposerHostFactory.Put(big, "1.0.0"));
        var streamed = ComposerHostFactory.Put([], "1.0.0");
        streamed.Content = new StreamContent(new MemoryStream(big));
        streamed.Headers.TransferEncodingChunked = true;
        var chunked = await _client.SendAsync(streamed);

        announced.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        chunked.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        _host.StoredFiles().Should().BeEmpty();
        (await _host.PackageCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_valid_archive_after_the_refusals_is_accepted()
    {
        foreach (var (kind, _) in new[] { ("dot-dot", ""), ("no-name", "") })
        {
            (await _client.SendAsync(Build(kind))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        (await _client.SendAsync(ComposerHostFactory.Put(ComposerHostFactory.Archive(Name, top: "acme-bad-1"), "1.0.0"))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await _host.PackageCountAsync()).Should().Be(1);
    }

    private static string[] TempFiles() => Directory.GetFiles(Path.GetTempPath(), "tmp*.tmp");
}
