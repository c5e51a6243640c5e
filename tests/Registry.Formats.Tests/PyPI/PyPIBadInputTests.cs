using System.Formats.Tar;
using System.IO.Compression;
using System.Net;

namespace Registry.Formats.Tests.PyPI;

/// <summary>Every refused upload answers 400 with a clear message and leaves no row, no blob and no temporary file.</summary>
public sealed class PyPIBadInputTests : IDisposable
{
    private readonly PyPIHostFactory _host = new(new Dictionary<string, string?>
    {
        ["PackageRegistry:PyPI:MaxUncompressedBytes"] = "1048576",
        ["PackageRegistry:PyPI:MaxFileSizeBytes"] = "4194304",
    });

    private readonly HttpClient _client;

    public PyPIBadInputTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    public static TheoryData<string, string> BadUploads => new()
    {
        { "wheel-not-a-zip", "not a valid zip" },
        { "metadata-missing", "no {name}-{version}.dist-info/METADATA" },
        { "metadata-other-name", "the METADATA says other-pkg 1.0.0" },
        { "metadata-other-version", "the METADATA says bad-pkg 2.0.0" },
        { "metadata-other-requires-python", "Requires-Python" },
        { "metadata-not-headers", "not a 'Key: value' field" },
        { "sha256-mismatch", "sha256_digest" },
        { "md5-mismatch", "md5_digest" },
        { "no-digest", "sha256_digest or md5_digest" },
        { "path-separator", "path separators" },
        { "backslash", "path separators" },
        { "file-name-other-version", "does not match name=bad-pkg version=1.0.0" },
        { "file-name-other-project", "does not match name=bad-pkg version=1.0.0" },
        { "wrong-filetype", "filetype=sdist does not match" },
        { "unknown-extension", "only wheels" },
        { "bad-version", "not a PEP 440 version" },
        { "bad-action", "only file_upload" },
        { "sdist-absolute-path", "absolute path" },
        { "sdist-dot-dot", "'..'" },
        { "sdist-link-out", "link leaving it" },
        { "sdist-not-gzip", "not a valid tar.gz" },
        { "sdist-no-pkg-info", "PKG-INFO" },
        { "sdist-zip-dot-dot", "'..'" },
        { "wheel-dot-dot", "'..'" },
        { "wheel-bomb", "uncompressed bytes" },
    };

    private static HttpRequestMessage Build(string kind)
    {
        const string Name = "bad-pkg";
        const string Version = "1.0.0";
        const string WheelName = "bad_pkg-1.0.0-py3-none-any.whl";
        const string SdistName = "bad_pkg-1.0.0.tar.gz";
        var wheel = PyPIHostFactory.Wheel(Name, Version);
        var sdistTop = "bad_pkg-1.0.0/";
        return kind switch
        {
            "wheel-not-a-zip" => PyPIHostFactory.Upload("this is not a zip"u8.ToArray(), WheelName, Name, Version),
            "metadata-missing" => PyPIHostFactory.Upload(PyPIHostFactory.Wheel(Name, Version, metadata: string.Empty), WheelName, Name, Version),
            "metadata-other-name" => PyPIHostFactory.Upload(PyPIHostFactory.Wheel(Name, Version, PyPIHostFactory.Metadata("other-pkg", Version)), WheelName, Name, Version),
            "metadata-other-version" => PyPIHostFactory.Upload(PyPIHostFactory.Wheel(Name, Version, PyPIHostFactory.Metadata(Name, "2.0.0")), WheelName, Name, Version),
            "metadata-other-requires-python" => PyPIHostFactory.Upload(PyPIHostFactory.Wheel(Name, Version, PyPIHostFactory.Metadata(Name, Version, ">=3.12")), WheelName, Name, Version),
            "metadata-not-headers" => PyPIHostFactory.Upload(PyPIHostFactory.Wheel(Name, Version, "this is not metadata\n"), WheelName, Name, Version),
            "sha256-mismatch" => PyPIHostFactory.Upload(wheel, WheelName, Name, Version, f => f["sha256_digest"] = new string('0', 64)),
            "md5-mismatch" => PyPIHostFactory.Upload(wheel, WheelName, Name, Version, f => f["md5_digest"] = new string('0', 32)),
            "no-digest" => PyPIHostFactory.Upload(wheel, WheelName, Name, Version, f => { f.Remove("sha256_digest"); f.Remove("md5_digest"); }),
            "path-separator" => PyPIHostFactory.Upload(wheel, "../" + WheelName, Name, Version),
            "backslash" => PyPIHostFactory.Upload(wheel, "dist\\" + WheelName, Name, Version),
            "file-name-other-version" => PyPIHostFactory.Upload(wheel, "bad_pkg-1.0.1-py3-none-any.whl", Name, Version),
            "file-name-other-project" => PyPIHostFactory.Upload(wheel, "other_pkg-1.0.0-py3-none-any.whl", Name, Version),
            "wrong-filetype" => PyPIHostFactory.Upload(wheel, WheelName, Name, Version, f => f["filetype"] = "sdist"),
            "unknown-extension" => PyPIHostFactory.Upload(wheel, "bad_pkg-1.0.0.exe", Name, Version),
            "bad-version" => PyPIHostFactory.Upload(wheel, WheelName, Name, "not a version"),
            "bad-action" => PyPIHostFactory.Upload(wheel, WheelName, Name, Version, f => f[":action"] = "doc_upload"),
            "sdist-absolute-path" => PyPIHostFactory.Upload(PyPIHostFactory.Sdist(Name, Version, null, PyPIHostFactory.File("/etc/cron.d/evil", "x")), SdistName, Name, Version),
            "sdist-dot-dot" => PyPIHostFactory.Upload(PyPIHostFactory.Sdist(Name, Version, null, PyPIHostFactory.File(sdistTop + "../../evil.py", "x")), SdistName, Name, Version),
            "sdist-link-out" => PyPIHostFactory.Upload(PyPIHostFactory.Sdist(Name, Version, null, new PaxTarEntry(TarEntryType.SymbolicLink, sdistTop + "evil") { LinkName = "../../../etc/passwd" }), SdistName, Name, Version),
            "sdist-not-gzip" => PyPIHostFactory.Upload("plain text"u8.ToArray(), SdistName, Name, Version),
            "sdist-no-pkg-info" => PyPIHostFactory.Upload(Zip(zip => PyPIHostFactory.Write(zip, sdistTop + "setup.py", "x")), "bad_pkg-1.0.0.zip", Name, Version),
            "sdist-zip-dot-dot" => PyPIHostFactory.Upload(Zip(zip => { PyPIHostFactory.Write(zip, sdistTop + "PKG-INFO", PyPIHostFactory.Metadata(Name, Version)); PyPIHostFactory.Write(zip, sdistTop + "../evil.py", "x"); }), "bad_pkg-1.0.0.zip", Name, Version),
            "wheel-dot-dot" => PyPIHostFactory.Upload(PyPIHostFactory.Wheel(Name, Version, extra: zip => PyPIHostFactory.Write(zip, "bad_pkg/../../evil.py", "x")), WheelName, Name, Version),
            "wheel-bomb" => PyPIHostFactory.Upload(PyPIHostFactory.Wheel(Name, Version, extra: zip => PyPIHostFactory.Write(zip, "bad_pkg/zeros.bin", new string('\0', 2 * 1024 * 1024))), WheelName, Name, Version),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static byte[] Zip(Action<ZipArchive> fill)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            fill(zip);
        }

        return buffer.ToArray();
    }

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task Invalid_uploads_are_refused_with_nothing_stored(string kind, string error)
    {
        var upload = await _client.SendAsync(Build(kind));

        upload.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await upload.Content.ReadAsStringAsync()).Should().Contain(error);
        _host.StoredFiles().Should().BeEmpty();
        (await _host.PackageCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_with_413()
    {
        var big = PyPIHostFactory.Wheel("big-pkg", "1.0.0", extra: zip =>
        {
            using var stream = zip.CreateEntry("big_pkg/random.bin", CompressionLevel.NoCompression).Open();
            stream.Write(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5 * 1024 * 1024));
        });

        var upload = await _client.SendAsync(PyPIHostFactory.Upload(big, "big_pkg-1.0.0-py3-none-any.whl", "big-pkg", "1.0.0"));

        upload.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        _host.StoredFiles().Should().BeEmpty();
        (await _host.PackageCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, PyPIHostFactory.Base) { Content = new ByteArrayContent(PyPIHostFactory.Wheel("x", "1.0")) };
        request.Headers.Authorization = PyPIHostFactory.Read("simple/").Headers.Authorization;

        var upload = await _client.SendAsync(request);

        upload.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await upload.Content.ReadAsStringAsync()).Should().Contain("multipart/form-data");
        _host.StoredFiles().Should().BeEmpty();
    }
}
