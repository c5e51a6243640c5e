using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Registry.Benchmarks.Tools;

/// <summary>npm: <c>bench-big</c> with <c>versions</c> versions, each a real tarball of about <c>tarballBytes</c>, published the way <c>npm publish</c> does.</summary>
internal sealed class NpmSeeder(int versions, int tarballBytes) : IFormatSeeder
{
    public const string Name = "bench-big";

    public IReadOnlyList<BenchEndpoint> Endpoints(BenchProject project) =>
    [
        new("npm packument (full)", $"{project.ProjectApi}/packages/npm/{Name}", null, BenchEndpoint.MetadataTarget),
        new("npm packument (abbreviated)", $"{project.ProjectApi}/packages/npm/{Name}", "application/vnd.npm.install-v1+json", BenchEndpoint.MetadataTarget),
        new("npm tarball (200 KB)", $"{project.ProjectApi}/packages/npm/{Name}/-/{Name}-{Version(versions - 1)}.tgz", null, BenchEndpoint.FileTarget),
    ];

    public async Task SeedAsync(HttpClient client, BenchProject project, CancellationToken cancellationToken)
    {
        for (var i = 0; i < versions; i++)
        {
            var body = PublishBody(Version(i), Tarball(Version(i), tarballBytes, seed: i));
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await client.PutAsync(new Uri($"{project.ProjectApi}/packages/npm/{Name}"), content, cancellationToken).ConfigureAwait(false);
            await HttpSeeding.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Version(int index) => $"1.0.{index}";

    /// <summary>A gzipped tar with <c>package/package.json</c> and an incompressible payload, so the tarball is as large as asked.</summary>
    internal static byte[] Tarball(string version, int bytes, int seed) => BenchArchives.Tgz(
    [
        ("package/package.json", Encoding.UTF8.GetBytes(Manifest(version).ToJsonString())),
        ("package/payload.bin", BenchArchives.Payload(bytes, seed)),
    ]);

    private static JsonObject Manifest(string version) => new()
    {
        ["name"] = Name,
        ["version"] = version,
        ["description"] = "The load benchmark's npm package",
        ["main"] = "index.js",
        ["license"] = "MIT",
        ["dependencies"] = new JsonObject { ["left-pad"] = "^1.3.0" },
    };

    internal static string PublishBody(string version, byte[] tarball)
    {
        var manifest = Manifest(version);
        manifest["_id"] = $"{Name}@{version}";
        manifest["dist"] = new JsonObject
        {
            ["integrity"] = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball)),
            ["shasum"] = Convert.ToHexStringLower(SHA1.HashData(tarball)),
        };
        return new JsonObject
        {
            ["_id"] = Name,
            ["name"] = Name,
            ["dist-tags"] = new JsonObject { ["latest"] = version },
            ["versions"] = new JsonObject { [version] = manifest },
            ["_attachments"] = new JsonObject
            {
                [$"{Name}-{version}.tgz"] = new JsonObject
                {
                    ["content_type"] = "application/octet-stream",
                    ["data"] = Convert.ToBase64String(tarball),
                    ["length"] = tarball.Length,
                },
            },
        }.ToJsonString();
    }
}
