using System.Security.Cryptography;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Generic;

/// <summary>The generic API driven by curl, exactly as the README shows it, against the sample host process.</summary>
public sealed class CurlGenericTests : IClassFixture<SampleHostProcess>, IDisposable
{
    private readonly SampleHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-curl-").FullName;

    public CurlGenericTests(SampleHostProcess host) => _host = host;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Url(string file) => $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/{file}";

    [ClientFact("curl")]
    public async Task Curl_uploads_and_downloads_a_file_with_its_checksum()
    {
        var upload = Path.Combine(_work, "big.bin");
        var bytes = RandomNumberGenerator.GetBytes(8 * 1024 * 1024);
        await File.WriteAllBytesAsync(upload, bytes);

        var put = await ExternalTool.RunAsync("curl", ["--silent", "--show-error", "--fail-with-body", "--header", $"PRIVATE-TOKEN: {SampleHostProcess.AdminToken}", "--upload-file", upload, "--write-out", "%{http_code}", Url("big.bin")]);
        put.ExitCode.Should().Be(0, put.StdErr + _host.Output);
        put.StdOut.Should().EndWith("201");

        var download = Path.Combine(_work, "back.bin");
        var get = await ExternalTool.RunAsync("curl", ["--silent", "--show-error", "--fail", "--header", $"PRIVATE-TOKEN: {SampleHostProcess.AdminToken}", "--dump-header", "-", "--output", download, Url("big.bin")]);
        get.ExitCode.Should().Be(0, get.StdErr);
        get.StdOut.Should().Contain($"X-Checksum-SHA256: {Convert.ToHexStringLower(SHA256.HashData(bytes))}");
        (await File.ReadAllBytesAsync(download)).Should().Equal(bytes);
    }

    [ClientFact("curl")]
    public async Task Curl_without_a_token_or_with_an_unknown_one_gets_401()
    {
        var anonymous = await ExternalTool.RunAsync("curl", ["--silent", "--output", "/dev/null", "--write-out", "%{http_code}", Url("big.bin")]);
        anonymous.StdOut.Should().Be("401");

        var unknown = await ExternalTool.RunAsync("curl", ["--silent", "--output", "/dev/null", "--write-out", "%{http_code}", "--header", "PRIVATE-TOKEN: glpat-unknown", Url("big.bin")]);
        unknown.StdOut.Should().Be("401");
    }

    [ClientFact("curl")]
    public async Task Curl_path_traversal_is_refused()
    {
        var file = Path.Combine(_work, "x.txt");
        await File.WriteAllTextAsync(file, "x");

        var put = await ExternalTool.RunAsync("curl", ["--silent", "--path-as-is", "--output", "/dev/null", "--write-out", "%{http_code}", "--header", $"PRIVATE-TOKEN: {SampleHostProcess.AdminToken}", "--upload-file", file, $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/..%2F..%2Fetc"]);

        put.StdOut.Should().BeOneOf("400", "404");
        Directory.GetFiles(Path.Combine(_host.DataPath, "blobs"), "*", SearchOption.AllDirectories)
            .Should().NotContain(f => f.EndsWith("etc", StringComparison.Ordinal));
    }
}
