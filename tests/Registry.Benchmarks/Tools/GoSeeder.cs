using System.Text;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// Go: the module <c>example.com/bench/big</c> with <c>versions</c> versions, each the module zip the go command would
/// download (entries under <c>module@version/</c>, a go.mod and an incompressible payload of about <c>zipBytes</c>), PUT
/// to the SDK's upload route. The reads are what <c>go get</c> asks first and last: <c>@v/list</c> and the <c>.zip</c>.
/// </summary>
internal sealed class GoSeeder(int versions, int zipBytes) : IFormatSeeder
{
    private const string Module = "example.com/bench/big";

    public IReadOnlyList<BenchEndpoint> Endpoints(BenchProject project) =>
    [
        new("Go @v/list", $"{project.ProjectApi}/packages/go/{Module}/@v/list", null, BenchEndpoint.MetadataTarget),
        new("Go module .zip (200 KB)", $"{project.ProjectApi}/packages/go/{Module}/@v/{Version(versions - 1)}.zip", null, BenchEndpoint.FileTarget),
    ];

    public async Task SeedAsync(HttpClient client, BenchProject project, CancellationToken cancellationToken)
    {
        for (var i = 0; i < versions; i++)
        {
            var prefix = $"{Module}@{Version(i)}/";
            var zip = BenchArchives.Zip(
            [
                (prefix + "go.mod", Encoding.UTF8.GetBytes($"module {Module}\n\ngo 1.19\n")),
                (prefix + "big.go", Encoding.UTF8.GetBytes("package big\n\n// Answer is the load benchmark's module's only export.\nconst Answer = 42\n")),
                (prefix + "payload.bin", BenchArchives.Payload(zipBytes, 4000 + i)),
            ]);
            await HttpSeeding.PutBytesAsync(client, $"{project.ProjectApi}/packages/go/upload", zip, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Version(int index) => $"v1.0.{index}";
}
