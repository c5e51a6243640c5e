using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// PyPI: <c>bench-big</c> with <c>files</c> releases of one pure-Python wheel each (about <c>wheelBytes</c>), uploaded
/// the way twine does: a multipart POST with <c>:action=file_upload</c>, the core metadata fields and the file as <c>content</c>.
/// </summary>
internal sealed class PyPISeeder : IFormatSeeder
{
    public const string Name = "bench-big";
    private const string DistName = "bench_big";

    private readonly int _files;
    private readonly int _wheelBytes;
    private readonly string _lastSha256;

    public PyPISeeder(int files, int wheelBytes)
    {
        _files = files;
        _wheelBytes = wheelBytes;
        _lastSha256 = Convert.ToHexStringLower(SHA256.HashData(Wheel(Version(files - 1), wheelBytes, Seed(files - 1))));
    }

    public IReadOnlyList<BenchEndpoint> Endpoints(BenchProject project) =>
    [
        new("PyPI simple page (HTML)", $"{project.ProjectApi}/packages/pypi/simple/{Name}/", null, BenchEndpoint.MetadataTarget),
        new("PyPI simple page (JSON)", $"{project.ProjectApi}/packages/pypi/simple/{Name}/", "application/vnd.pypi.simple.v1+json", BenchEndpoint.MetadataTarget),
        new("PyPI wheel (200 KB)", $"{project.ProjectApi}/packages/pypi/files/{_lastSha256}/{FileName(Version(_files - 1))}", null, BenchEndpoint.FileTarget),
    ];

    public async Task SeedAsync(HttpClient client, BenchProject project, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _files; i++)
        {
            var version = Version(i);
            var wheel = Wheel(version, _wheelBytes, Seed(i));
            using var form = new MultipartFormDataContent();
            foreach (var (key, value) in Fields(version, wheel))
            {
                form.Add(new StringContent(value), key);
            }

            var content = new ByteArrayContent(wheel);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "content", FileName(version));
            using var response = await client.PostAsync(new Uri($"{project.ProjectApi}/packages/pypi"), form, cancellationToken).ConfigureAwait(false);
            await HttpSeeding.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Version(int index) => $"1.0.{index}";

    private static int Seed(int index) => 2000 + index;

    private static string FileName(string version) => $"{DistName}-{version}-py3-none-any.whl";

    private static IEnumerable<(string Key, string Value)> Fields(string version, byte[] wheel) =>
    [
        (":action", "file_upload"),
        ("protocol_version", "1"),
        ("name", Name),
        ("version", version),
        ("filetype", "bdist_wheel"),
        ("pyversion", "py3"),
        ("metadata_version", "2.1"),
        ("summary", "The load benchmark's PyPI project"),
        ("requires_python", ">=3.8"),
        ("sha256_digest", Convert.ToHexStringLower(SHA256.HashData(wheel))),
    ];

    /// <summary>A valid wheel: a module with an incompressible payload (stored, so the file is as large as asked) and a dist-info with METADATA, WHEEL and RECORD.</summary>
    private static byte[] Wheel(string version, int bytes, int seed)
    {
        var payload = BenchArchives.Payload(bytes, seed);
        var distInfo = $"{DistName}-{version}.dist-info";
        (string Path, byte[] Data)[] entries =
        [
            ($"{DistName}/__init__.py", Encoding.UTF8.GetBytes("VALUE = 1\n")),
            ($"{DistName}/payload.bin", payload),
            ($"{distInfo}/METADATA", Encoding.UTF8.GetBytes($"Metadata-Version: 2.1\nName: {Name}\nVersion: {version}\nSummary: The load benchmark's PyPI project\nRequires-Python: >=3.8\n\n")),
            ($"{distInfo}/WHEEL", Encoding.UTF8.GetBytes("Wheel-Version: 1.0\nGenerator: registry-bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n")),
        ];
        var record = new StringBuilder();
        foreach (var (path, data) in entries)
        {
            var hash = Convert.ToBase64String(SHA256.HashData(data)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append(System.Globalization.CultureInfo.InvariantCulture, $"{path},sha256={hash},{data.Length}\n");
        }

        record.Append(System.Globalization.CultureInfo.InvariantCulture, $"{distInfo}/RECORD,,\n");
        return BenchArchives.Zip(entries.Append(($"{distInfo}/RECORD", Encoding.UTF8.GetBytes(record.ToString()))));
    }
}
