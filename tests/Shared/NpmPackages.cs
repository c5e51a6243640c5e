using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Registry.Tests.Npm;

/// <summary>Builds npm tarballs and publish documents the way the npm CLI does.</summary>
internal static class NpmPackages
{
    public static byte[] Tarball(string name, string version, IEnumerable<(string Path, string Content)>? extra = null, string? packageJson = null)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entries = new List<(string, string)> { ("package/package.json", packageJson ?? $"{{\"name\":\"{name}\",\"version\":\"{version}\"}}"), ("package/index.js", "module.exports = 42;\n") };
            entries.AddRange(extra ?? []);
            foreach (var (path, content) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return output.ToArray();
    }

    public static string Integrity(byte[] data) => "sha512-" + Convert.ToBase64String(SHA512.HashData(data));

    public static JsonObject PublishDocument(string name, string version, byte[]? tarball = null, string tag = "latest", string? integrity = null)
    {
        tarball ??= Tarball(name, version);
        var unscoped = name.Contains('/', StringComparison.Ordinal) ? name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..] : name;
        return new JsonObject
        {
            ["_id"] = name,
            ["name"] = name,
            ["description"] = "test package",
            ["dist-tags"] = new JsonObject { [tag] = version },
            ["versions"] = new JsonObject
            {
                [version] = new JsonObject
                {
                    ["name"] = name,
                    ["version"] = version,
                    ["_id"] = $"{name}@{version}",
                    ["dependencies"] = new JsonObject { ["left-pad"] = "^1.0.0" },
                    ["dist"] = new JsonObject
                    {
                        ["integrity"] = integrity ?? Integrity(tarball),
                        ["shasum"] = Convert.ToHexStringLower(SHA1.HashData(tarball)),
                        ["tarball"] = $"http://client.example/{name}/-/{unscoped}-{version}.tgz",
                    },
                },
            },
            ["access"] = null,
            ["_attachments"] = new JsonObject
            {
                [$"{name}-{version}.tgz"] = new JsonObject
                {
                    ["content_type"] = "application/octet-stream",
                    ["data"] = Convert.ToBase64String(tarball),
                    ["length"] = tarball.Length,
                },
            },
        };
    }
}
