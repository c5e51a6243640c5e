using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Registry.Formats.Composer;

/// <summary>
/// The documents of a Composer 2 repository (https://getcomposer.org/doc/05-repositories.md#composer): the root
/// <c>packages.json</c> and the per-package <c>p2/{vendor}/{name}.json</c> and <c>~dev.json</c> files, in the
/// non-minified form (one full object per version).
/// </summary>
internal static class ComposerDocuments
{
    public const string ContentType = "application/json";

    /// <summary>Text as Composer and Packagist write it (<c>+00:00</c>, non-ASCII descriptions), not \u-escaped for HTML.</summary>
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// <c>packages.json</c>: where the per-package files are (<c>metadata-url</c>, root-relative as GitLab writes it) and
    /// which names this repository has, so Composer asks it for nothing else (<c>available-packages</c>).
    /// </summary>
    public static byte[] Root(string metadataUrl, IEnumerable<string> names)
    {
        var available = new JsonArray();
        foreach (var name in names)
        {
            available.Add(name);
        }

        return Encoding.UTF8.GetBytes(new JsonObject
        {
            ["packages"] = new JsonArray(),
            ["metadata-url"] = metadataUrl,
            ["available-packages"] = available,
        }.ToJsonString(Output));
    }

    /// <summary>
    /// A <c>p2</c> file: <c>{"packages": {"vendor/name": [version, ...]}}</c>, each version its composer.json with the
    /// registry's name, version, normalized version, publication time and zip <c>dist</c> (absolute URL, SHA-1).
    /// There is no <c>source</c>: the registry holds archives, not a repository.
    /// </summary>
    public static byte[] Versions(string name, IEnumerable<ComposerDist> versions)
    {
        var list = new JsonArray();
        foreach (var version in versions)
        {
            var entry = version.ComposerJson is { } json && JsonNode.Parse(json) is JsonObject stored ? stored : new JsonObject();
            // A composer.json may carry its own version or a source of its own; the registry's answer replaces both.
            entry.Remove("source");
            entry["name"] = version.Name;
            entry["version"] = version.Version;
            entry["version_normalized"] = version.NormalizedVersion;
            entry["dist"] = new JsonObject
            {
                ["type"] = "zip",
                ["url"] = version.Url,
                ["reference"] = version.Sha1,
                ["shasum"] = version.Sha1,
            };
            entry["time"] = version.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
            list.Add(entry);
        }

        return Encoding.UTF8.GetBytes(new JsonObject { ["packages"] = new JsonObject { [name] = list } }.ToJsonString(Output));
    }
}
