using System.IO.Compression;
using System.Net;

namespace Registry.Formats.Tests.Go;

/// <summary>Every refused module zip answers 400 or 413 with a clear text and leaves no row, no blob and no temporary file.</summary>
public sealed class GoBadInputTests : IDisposable
{
    private const string Module = "example.com/bad";
    private const string Prefix = Module + "@v1.0.0/";
    private readonly GoHostFactory _host = new(new Dictionary<string, string?>
    {
        ["PackageRegistry:Go:MaxZipBytes"] = "65536",
        ["PackageRegistry:Go:MaxZipEntries"] = "8",
    });

    private readonly HttpClient _client;

    public GoBadInputTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    public static TheoryData<string, string> BadZips => new()
    {
        { "not-a-zip", "not a zip archive" },
        { "truncated", "it has no end of central directory record" },
        { "corrupt", "not a valid zip archive" },
        { "no-entries", "the module zip is empty" },
        { "no-prefix", "is not under a module@version/ directory" },
        { "outside-prefix", "is not under example.com/bad@v1.0.0/" },
        { "traversal", "has an invalid file path: invalid path element \"..\"" },
        { "absolute", "has an invalid file path: empty path element" },
        { "backslash", "has an invalid file path: invalid char '\\'" },
        { "windows-name", "disallowed as path element component on Windows" },
        { "no-go-mod", "has no go.mod (expected example.com/bad@v1.0.0/go.mod)" },
        { "go-mod-other-module", "go.mod declares module example.com/other, but the zip's entries are under example.com/bad@v1.0.0/" },
        { "go-mod-no-module", "go.mod has no module directive" },
        { "directory-entry", "is a directory entry" },
        { "case-collision", "collide" },
        { "file-and-directory", "is both a file and a directory" },
        { "symlink", "is a symbolic link" },
        { "short-version", "v1.0 is not a canonical semantic version" },
        { "build-metadata", "v1.0.0+build is not a canonical semantic version" },
        { "incompatible", "+incompatible versions have no go.mod" },
        { "major-without-suffix", "the version should be v0 or v1, not v2" },
        { "suffix-other-major", "the version should be v2, not v3" },
        { "path-without-dot", "missing dot in first path element" },
        { "path-uppercase-host", "invalid char in first path element" },
        { "path-v1-suffix", "invalid version suffix" },
    };

    private static byte[] Build(string kind) => kind switch
    {
        "not-a-zip" => "this is not a zip"u8.ToArray(),
        "truncated" => GoHostFactory.ModuleZip(Module, "v1.0.0")[..^30],
        "corrupt" => GoHostFactory.ModuleZip(Module, "v1.0.0")[40..],
        "no-entries" => GoHostFactory.Zip([]),
        "no-prefix" => GoHostFactory.Zip([("go.mod", GoHostFactory.GoMod(Module))]),
        "outside-prefix" => GoHostFactory.ModuleZip(Module, "v1.0.0", null, ("example.com/other@v1.0.0/x.go", "package x\n")),
        "traversal" => GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "../../evil.go", "package evil\n")),
        "absolute" => GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "/etc/passwd", "root\n")),
        "backslash" => GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "dir\\evil.go", "package evil\n")),
        "windows-name" => GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "aux.go", "package lib\n")),
        "no-go-mod" => GoHostFactory.ModuleZip(Module, "v1.0.0", goMod: string.Empty),
        "go-mod-other-module" => GoHostFactory.ModuleZip(Module, "v1.0.0", GoHostFactory.GoMod("example.com/other")),
        "go-mod-no-module" => GoHostFactory.ModuleZip(Module, "v1.0.0", "go 1.19\n"),
        "directory-entry" => GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "sub/", string.Empty)),
        "case-collision" => GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "LIB.go", "package lib\n")),
        "file-and-directory" => GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "lib.go/inner.go", "package inner\n")),
        "symlink" => GoHostFactory.Zip([(Prefix + "go.mod", GoHostFactory.GoMod(Module))], zip =>
        {
            var link = zip.CreateEntry(Prefix + "link.go");
            link.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
            using var stream = link.Open();
            stream.Write("/etc/passwd"u8);
        }),
        "short-version" => GoHostFactory.ModuleZip(Module, "v1.0"),
        "build-metadata" => GoHostFactory.ModuleZip(Module, "v1.0.0+build"),
        "incompatible" => GoHostFactory.ModuleZip(Module, "v2.0.0+incompatible"),
        "major-without-suffix" => GoHostFactory.ModuleZip(Module, "v2.0.0"),
        "suffix-other-major" => GoHostFactory.ModuleZip(Module + "/v2", "v3.0.0"),
        "path-without-dot" => GoHostFactory.ModuleZip("example/bad", "v1.0.0"),
        "path-uppercase-host" => GoHostFactory.ModuleZip("Example.com/bad", "v1.0.0"),
        "path-v1-suffix" => GoHostFactory.ModuleZip(Module + "/v1", "v1.0.0"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(BadZips))]
    public async Task Invalid_zips_are_refused_with_400_and_nothing_stored(string kind, string error)
    {
        using var upload = await _client.SendAsync(GoHostFactory.Put(Build(kind)));

        var body = await upload.Content.ReadAsStringAsync();
        upload.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        upload.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        body.Should().StartWith("400 Bad request - ").And.Contain(error);
        await NothingStoredAsync();
    }

    [Fact]
    public async Task An_empty_body_is_refused_with_400()
    {
        using var upload = await _client.SendAsync(GoHostFactory.Put([]));

        upload.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await upload.Content.ReadAsStringAsync()).Should().Contain("the body is empty");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task A_zip_announced_over_the_limit_is_refused_with_413_before_it_is_read()
    {
        var big = GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "big.txt", new string('x', 70_000)));

        using var upload = await _client.SendAsync(GoHostFactory.Put(big));

        upload.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await NothingStoredAsync();
    }

    [Fact]
    public async Task A_streamed_zip_over_the_limit_is_refused_with_413()
    {
        var big = GoHostFactory.ModuleZip(Module, "v1.0.0", null, (Prefix + "big.txt", new string('x', 70_000)));
        var content = new StreamContent(new MemoryStream(big));
        content.Headers.ContentLength = null;
        using var request = new HttpRequestMessage(HttpMethod.Put, GoHostFactory.Upload) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.TryAddWithoutValidation("PRIVATE-TOKEN", GoHostFactory.AdminToken);

        using var upload = await _client.SendAsync(request);

        upload.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await upload.Content.ReadAsStringAsync()).Should().Contain("the limit is 65536 bytes");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_with_413_from_its_declared_sizes()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            GoHostFactory.Write(zip, Prefix + "go.mod", GoHostFactory.GoMod(Module));
            GoHostFactory.Write(zip, Prefix + "zeros.txt", new string('\0', 1024 * 1024), CompressionLevel.SmallestSize);
        }

        using var upload = await _client.SendAsync(GoHostFactory.Put(buffer.ToArray()));

        upload.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await upload.Content.ReadAsStringAsync()).Should().Contain("total more than 65536 bytes uncompressed");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task A_zip_with_more_files_than_allowed_is_refused_with_413_before_its_directory_is_read()
    {
        var many = Enumerable.Range(0, 9).Select(i => (Prefix + $"f{i}.go", "package lib\n")).ToArray();

        using var upload = await _client.SendAsync(GoHostFactory.Put(GoHostFactory.ModuleZip(Module, "v1.0.0", null, many)));

        upload.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await upload.Content.ReadAsStringAsync()).Should().Contain("holds 11 files; the limit is 8");
        await NothingStoredAsync();
    }

    [Fact]
    public async Task A_refused_upload_stores_nothing_and_the_same_version_can_then_be_published()
    {
        using (var bad = await _client.SendAsync(GoHostFactory.Put(GoHostFactory.ModuleZip(Module, "v1.0.0", GoHostFactory.GoMod("example.com/other")))))
        {
            bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        using var good = await _client.SendAsync(GoHostFactory.Put(GoHostFactory.ModuleZip(Module, "v1.0.0")));

        good.StatusCode.Should().Be(HttpStatusCode.Created, await good.Content.ReadAsStringAsync());
        (await _host.PackageCountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Publishing_needs_a_credential()
    {
        using var upload = await _client.SendAsync(GoHostFactory.Put(GoHostFactory.ModuleZip(Module, "v1.0.0"), token: null));

        upload.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        upload.Headers.WwwAuthenticate.Should().ContainSingle().Which.Scheme.Should().Be("Basic");
        await NothingStoredAsync();
    }

    private async Task NothingStoredAsync()
    {
        _host.StoredFiles().Should().BeEmpty();
        (await _host.PackageCountAsync()).Should().Be(0);
    }
}
