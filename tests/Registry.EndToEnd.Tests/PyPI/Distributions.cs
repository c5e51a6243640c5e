using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Registry.EndToEnd.Tests.PyPI;

/// <summary>
/// Builds real distributions without a build backend (no network here for build isolation): a pure-Python wheel
/// with METADATA, WHEEL and a RECORD of hashes, as the wheel spec lays it out, and an sdist with PKG-INFO.
/// </summary>
public static class Distributions
{
    public static string WheelName(string name, string version) => $"{Escape(name)}-{version}-py3-none-any.whl";

    public static string SdistName(string name, string version) => $"{Escape(name)}-{version}.tar.gz";

    public static string Metadata(string name, string version, IEnumerable<string>? requiresDist = null) =>
        $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: End-to-end test package\nRequires-Python: >=3.7\n"
        + string.Concat((requiresDist ?? []).Select(r => $"Requires-Dist: {r}\n"))
        + "\nA package built by the end-to-end tests.\n";

    public static async Task<string> WriteWheelAsync(string directory, string name, string version, params string[] requiresDist)
    {
        var module = Escape(name);
        var distInfo = $"{module}-{version}.dist-info";
        var files = new Dictionary<string, string>
        {
            [$"{module}/__init__.py"] = $"VERSION = \"{version}\"\n",
            [$"{distInfo}/METADATA"] = Metadata(name, version, requiresDist),
            [$"{distInfo}/WHEEL"] = "Wheel-Version: 1.0\nGenerator: registry-e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        };
        var record = new StringBuilder();
        foreach (var (entryName, content) in files)
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            var digest = Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            record.Append(CultureInvariant($"{entryName},sha256={digest},{bytes.Length}\n"));
        }

        record.Append(CultureInvariant($"{distInfo}/RECORD,,\n"));
        files[$"{distInfo}/RECORD"] = record.ToString();

        var path = Path.Combine(directory, WheelName(name, version));
        await using (var stream = File.Create(path))
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            foreach (var (entry, content) in files)
            {
                await using var writer = new StreamWriter(zip.CreateEntry(entry).Open(), new UTF8Encoding(false));
                await writer.WriteAsync(content);
            }
        }

        return path;
    }

    public static async Task<string> WriteSdistAsync(string directory, string name, string version)
    {
        var top = $"{Escape(name)}-{version}";
        var path = Path.Combine(directory, SdistName(name, version));
        await using (var stream = File.Create(path))
        await using (var gzip = new GZipStream(stream, CompressionLevel.Optimal))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var (entry, content) in new Dictionary<string, string>
            {
                [$"{top}/PKG-INFO"] = Metadata(name, version),
                [$"{top}/{Escape(name)}/__init__.py"] = $"VERSION = \"{version}\"\n",
                [$"{top}/setup.py"] = $"from setuptools import setup\nsetup(name=\"{name}\", version=\"{version}\", packages=[\"{Escape(name)}\"])\n",
            })
            {
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, entry) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return path;
    }

    private static string Escape(string name) => name.Replace('-', '_');

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);
}
