using System.IO.Compression;
using System.Net;

namespace Registry.Formats.Tests.NuGet;

/// <summary>Every refused push answers 400 with a clear message and leaves no row, no blob and no temporary file.</summary>
public sealed class NuGetBadInputTests : IDisposable
{
    private readonly NuGetHostFactory _host = new(new Dictionary<string, string?>
    {
        ["PackageRegistry:NuGet:MaxUncompressedBytes"] = "1048576",
        ["PackageRegistry:NuGet:MaxFileSizeBytes"] = "4194304",
    });

    private readonly HttpClient _client;

    public NuGetBadInputTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    private const string Dtd = """
        <?xml version="1.0"?>
        <!DOCTYPE package [<!ENTITY x "Evil.Lib">]>
        <package><metadata><id>&x;</id><version>1.0.0</version><authors>a</authors><description>d</description></metadata></package>
        """;

    private const string ExternalEntity = """
        <?xml version="1.0"?>
        <!DOCTYPE package [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <package><metadata><id>Evil.Lib</id><version>1.0.0</version><authors>&x;</authors><description>d</description></metadata></package>
        """;

    public static TheoryData<string, string> BadPackages => new()
    {
        { "not-a-zip", "not a valid zip" },
        { "no-nuspec", "nuspec" },
        { "malformed-nuspec", "not well-formed" },
        { "dtd", "DTD" },
        { "external-entity", "DTD" },
        { "bad-version", "<version>" },
        { "bad-id", "<id>" },
        { "zip-bomb", "uncompressed bytes" },
        { "huge-nuspec", "uncompressed bytes" },
    };

    private static byte[] Build(string kind) => kind switch
    {
        "not-a-zip" => "this is not a zip"u8.ToArray(),
        "no-nuspec" => NuGetHostFactory.Nupkg(string.Empty, "1.0.0"),
        "malformed-nuspec" => NuGetHostFactory.Nupkg("Bad.Lib", "1.0.0", "<package><metadata><id>Bad.Lib</id>"),
        "dtd" => NuGetHostFactory.Nupkg("Evil.Lib", "1.0.0", Dtd),
        "external-entity" => NuGetHostFactory.Nupkg("Evil.Lib", "1.0.0", ExternalEntity),
        "bad-version" => NuGetHostFactory.Nupkg("Bad.Lib", "1.0.0", NuGetHostFactory.Nuspec("Bad.Lib", "not-a-version")),
        "bad-id" => NuGetHostFactory.Nupkg("Bad.Lib", "1.0.0", NuGetHostFactory.Nuspec("Bad Lib/../x", "1.0.0")),
        "zip-bomb" => NuGetHostFactory.Nupkg("Bomb.Lib", "1.0.0", extra: zip => NuGetHostFactory.Write(zip, "content/zeros.bin", new string('\0', 2 * 1024 * 1024))),
        "huge-nuspec" => NuGetHostFactory.Nupkg("Huge.Lib", "1.0.0", NuGetHostFactory.Nuspec("Huge.Lib", "1.0.0").Replace("<tags>", "<tags>" + new string(' ', 2 * 1024 * 1024), StringComparison.Ordinal)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(BadPackages))]
    public async Task Invalid_packages_are_refused_with_nothing_stored(string kind, string error)
    {
        var push = await _client.SendAsync(NuGetHostFactory.Push(Build(kind)));

        push.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await push.Content.ReadAsStringAsync()).Should().Contain(error);
        _host.StoredFiles().Should().BeEmpty();
        (await _host.PackageCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_package_over_the_size_limit_is_refused_with_413()
    {
        var big = NuGetHostFactory.Nupkg("Big.Lib", "1.0.0", extra: zip =>
        {
            using var stream = zip.CreateEntry("content/random.bin", CompressionLevel.NoCompression).Open();
            stream.Write(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5 * 1024 * 1024));
        });

        var push = await _client.SendAsync(NuGetHostFactory.Push(big));

        push.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        _host.StoredFiles().Should().BeEmpty();
        (await _host.PackageCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task A_multipart_body_without_parts_is_refused()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, NuGetHostFactory.Base + "/v2/package")
        {
            Content = new StringContent("--b--\r\n", System.Text.Encoding.ASCII),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");
        request.Headers.Add("X-NuGet-ApiKey", NuGetHostFactory.AdminToken);

        var push = await _client.SendAsync(request);

        push.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        _host.StoredFiles().Should().BeEmpty();
    }
}
