using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registry.Core.Packages;

namespace Registry.Formats.Npm;

/// <summary>
/// The parts of npm's documents rendered from the catalog's rows: a version's manifest (<c>GET /{name}/{version}</c>, the
/// full packument's <c>versions[v]</c>), each version's fragment of the full and the abbreviated packument
/// (<see cref="NpmPackuments"/> writes the documents), dist-tags and the revision. Tarball URLs are absolute under the
/// registry URL the request came through.
/// </summary>
internal static class NpmDocuments
{
    public const string AbbreviatedContentType = "application/vnd.npm.install-v1+json";

    /// <summary>The version manifest's record of who published it (<c>{"name": username}</c>), as the public registry keeps it.</summary>
    public const string PublisherField = "_npmUser";

    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = false };

    private static readonly string[] AbbreviatedFields =
    [
        "name", "version", "dependencies", "optionalDependencies", "peerDependencies", "peerDependenciesMeta",
        "bundleDependencies", "bin", "engines", "os", "cpu", "deprecated", "hasInstallScript", "_hasShrinkwrap", "directories", "funding", "license",
    ];

    public static string TarballUrl(string registryUrl, string name, string version) =>
        $"{registryUrl}/{name}/-/{NpmParser.TarballFileName(name, version)}";

    /// <summary>The version manifest as stored (the client's, with <c>deprecated</c> applied), or a minimal one.</summary>
    public static JsonObject Manifest(Package package) =>
        package.Metadata is { } metadata && NpmParser.ParseObjectOrNull(Encoding.UTF8.GetBytes(metadata)) is { } manifest
            ? manifest
            : new JsonObject { ["name"] = package.Name, ["version"] = package.Version };

    /// <summary>The dist-tags: each tag from the version row that carries it; <c>latest</c> falls back to the newest release.</summary>
    public static SortedDictionary<string, string> DistTags(IReadOnlyList<Package> versions)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        // Only tagged rows set a tag; the others (nearly all of a big package's) need no sorting.
        foreach (var package in versions.Where(p => p.Tags.Count > 0).OrderBy(p => p.UpdatedAt))
        {
            foreach (var tag in package.Tags)
            {
                tags[tag] = package.Version;
            }
        }

        if (!tags.ContainsKey("latest") && versions.Count > 0)
        {
            var newest = versions.Where(p => !p.Version.Contains('-', StringComparison.Ordinal)).OrderBy(p => p.CreatedAt).LastOrDefault() ?? versions.OrderBy(p => p.CreatedAt).Last();
            tags["latest"] = newest.Version;
        }

        return tags;
    }

    /// <summary>A revision that changes whenever a version, a tag or a deprecation changes.</summary>
    public static string Rev(IReadOnlyList<Package> versions)
    {
        // Hashed row by row (the same bytes as the rows joined with newlines): joined first, a 10,000-version package's
        // state was a large-object string and its UTF-8 copy on every render.
        using var state = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var first = true;
        foreach (var p in versions.OrderBy(p => p.Id))
        {
            state.AppendData(Encoding.UTF8.GetBytes($"{(first ? string.Empty : "\n")}{p.Id}|{p.UpdatedAt.UtcTicks}|{p.Status}|{string.Join(',', p.Tags)}"));
            first = false;
        }

        return $"{versions.Count}-{Convert.ToHexStringLower(state.GetHashAndReset())[..32]}";
    }

    /// <summary>The version document: the packument's <c>versions[v]</c>, also served alone at <c>/{name}/{version}</c>.</summary>
    public static JsonObject VersionManifest(string name, Package package, string registryUrl)
    {
        var manifest = Manifest(package);
        manifest["_id"] = $"{name}@{package.Version}";
        SetTarball(manifest, registryUrl, name, package.Version);
        return manifest;
    }

    /// <summary>The version a <c>/{name}/{versionOrTag}</c> request names: an exact version first, else the dist-tag's version; null when neither.</summary>
    public static Package? Resolve(IReadOnlyList<Package> versions, string versionOrTag)
    {
        var version = versions.FirstOrDefault(p => p.Version == versionOrTag)?.Version
            ?? (DistTags(versions).TryGetValue(versionOrTag, out var tagged) ? tagged : null);
        return versions.FirstOrDefault(p => p.Version == version);
    }

    /// <summary>
    /// The packument's <c>maintainers</c> is each user who published a version (<see cref="PublisherField"/>), once, in the
    /// order of their first publish, so that <c>npm owner ls</c> names them rather than saying "no admin found": this is
    /// the user a version manifest names.
    /// </summary>
    public static string? Publisher(JsonNode? manifest) =>
        manifest?[PublisherField]?["name"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;

    /// <summary>The full packument's <c>versions[v]</c> of one version (<see cref="NpmPackuments.Full"/>).</summary>
    public static NpmVersionFragment FullFragment(string name, Package package, string registryUrl)
    {
        var manifest = VersionManifest(name, package, registryUrl);
        return new NpmVersionFragment(JsonSerializer.SerializeToUtf8Bytes(manifest, WriteOptions), Publisher(manifest));
    }

    /// <summary>The abbreviated packument's <c>versions[v]</c> of one version: what installs need (<see cref="NpmPackuments.Abbreviated"/>).</summary>
    public static NpmVersionFragment AbbreviatedFragment(string name, Package package, string registryUrl)
    {
        var manifest = Manifest(package);
        var abbreviated = new JsonObject();
        foreach (var field in AbbreviatedFields)
        {
            if (manifest[field] is { } value)
            {
                abbreviated[field] = value.DeepClone();
            }
        }

        if (manifest["scripts"] is JsonObject scripts && (scripts.ContainsKey("preinstall") || scripts.ContainsKey("install") || scripts.ContainsKey("postinstall")))
        {
            abbreviated["hasInstallScript"] = true;
        }

        var dist = manifest["dist"] as JsonObject ?? [];
        abbreviated["dist"] = new JsonObject
        {
            ["tarball"] = TarballUrl(registryUrl, name, package.Version),
            ["shasum"] = dist["shasum"]?.DeepClone(),
            ["integrity"] = dist["integrity"]?.DeepClone(),
        };
        return new NpmVersionFragment(JsonSerializer.SerializeToUtf8Bytes(abbreviated, WriteOptions), Publisher: null);
    }

    public static string Serialize(JsonNode node) => node.ToJsonString(WriteOptions);

    private static void SetTarball(JsonObject manifest, string registryUrl, string name, string version)
    {
        if (manifest["dist"] is not JsonObject dist)
        {
            dist = [];
            manifest["dist"] = dist;
        }

        dist["tarball"] = TarballUrl(registryUrl, name, version);
    }

    /// <summary>A time as the packument's <c>time</c> and <c>modified</c> give it.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
