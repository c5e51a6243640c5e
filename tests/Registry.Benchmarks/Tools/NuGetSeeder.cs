using System.Net.Http.Headers;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Registry.Benchmarks.Tools;

/// <summary>NuGet: <c>Bench.Big</c> with <c>versions</c> versions built with NuGet's own PackageBuilder, pushed as <c>dotnet nuget push</c> does (multipart PUT).</summary>
internal sealed class NuGetSeeder(int versions, int payloadBytes) : IFormatSeeder
{
    public const string Id = "Bench.Big";
    private const string LowerId = "bench.big";

    public IReadOnlyList<BenchEndpoint> Endpoints(BenchProject project) =>
    [
        new("NuGet flat-container index", $"{project.ProjectApi}/packages/nuget/download/{LowerId}/index.json", null, BenchEndpoint.MetadataTarget),
        new("NuGet registration index", $"{project.ProjectApi}/packages/nuget/metadata/{LowerId}/index.json", null, BenchEndpoint.MetadataTarget),
        new("NuGet .nupkg (200 KB)", $"{project.ProjectApi}/packages/nuget/download/{LowerId}/{Version(versions - 1)}/{LowerId}.{Version(versions - 1)}.nupkg", null, BenchEndpoint.FileTarget),
    ];

    public async Task SeedAsync(HttpClient client, BenchProject project, CancellationToken cancellationToken)
    {
        for (var i = 0; i < versions; i++)
        {
            using var multipart = new MultipartFormDataContent();
            var package = new ByteArrayContent(Nupkg(Version(i), seed: 1000 + i));
            package.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            multipart.Add(package, "package", "package.nupkg");
            using var response = await client.PutAsync(new Uri($"{project.ProjectApi}/packages/nuget/v2/package"), multipart, cancellationToken).ConfigureAwait(false);
            await HttpSeeding.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Version(int index) => $"1.0.{index}";

    private byte[] Nupkg(string version, int seed)
    {
        var payload = BenchArchives.Payload(payloadBytes, seed);
        var builder = new PackageBuilder
        {
            Id = Id,
            Version = NuGetVersion.Parse(version),
            Description = "The load benchmark's NuGet package",
        };
        builder.Authors.Add("bench");
        builder.Files.Add(new InMemoryPackageFile("lib/net8.0/Bench.Big.dll", payload));
        using var buffer = new MemoryStream();
        builder.Save(buffer);
        return buffer.ToArray();
    }

    private sealed class InMemoryPackageFile(string path, byte[] content) : IPackageFile
    {
        public string Path => path;

        public string? EffectivePath => null;

        public NuGet.Frameworks.NuGetFramework? NuGetFramework => NuGet.Frameworks.NuGetFramework.Parse("net8.0");

        public System.Runtime.Versioning.FrameworkName? TargetFramework => null;

        public DateTimeOffset LastWriteTime => DateTimeOffset.UnixEpoch.AddYears(40);

        public Stream GetStream() => new MemoryStream(content, writable: false);
    }
}
