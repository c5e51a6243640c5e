using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Registry.Formats.Protocol;

namespace Registry.Formats.Composer;

/// <summary>
/// Reads a package archive as <c>composer archive --format=zip</c> writes it, and checks what Composer will do with it
/// on install (https://getcomposer.org/doc/05-repositories.md#artifact): a zip whose <c>composer.json</c> is at the root
/// or in its one top-level directory, which Composer strips when it extracts; no entry that would land outside the
/// install directory (absolute, <c>..</c>, symbolic link); no more entries or uncompressed bytes than configured (a zip
/// bomb is refused before any client inflates it).
/// </summary>
internal static partial class ComposerParser
{
    /// <summary>The largest <c>composer.json</c> read: its whole content is served in every metadata document.</summary>
    internal const int MaxManifestBytes = 1024 * 1024;

    private const string ManifestName = "composer.json";

    /// <summary>Unix file type bits of a zip entry's external attributes (the high 16 bits): a symbolic link.</summary>
    private const int UnixTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;

    public static ParseResult<ComposerManifest> Parse(Stream zip, ComposerOptions options)
    {
        try
        {
            return ParseZip(zip, options);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            return new ParseError($"the package is not a valid zip archive ({ex.Message})");
        }
    }

    private static ParseResult<ComposerManifest> ParseZip(Stream content, ComposerOptions options)
    {
        // ZipArchive keeps its whole directory in memory, so the declared entry count is checked before it is read.
        if (ZipEndRecord.TooManyEntriesOrNull(content, options.MaxArchiveEntries) is { } tooMany)
        {
            return tooMany;
        }

        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);

        long total = 0;
        ZipArchiveEntry? atRoot = null;
        var topLevel = new HashSet<string>(StringComparer.Ordinal);
        var nested = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            if (ArchiveMembers.UnsafePathOrNull(entry.FullName) is { } unsafePath)
            {
                return new ParseError(unsafePath);
            }

            if (((entry.ExternalAttributes >> 16) & UnixTypeMask) == UnixSymbolicLink)
            {
                return new ParseError($"the archive holds a symbolic link: '{entry.FullName}'");
            }

            total += entry.Length;
            if (total > options.MaxUncompressedBytes)
            {
                return new ParseError($"the archive declares more than {options.MaxUncompressedBytes} uncompressed bytes");
            }

            var path = entry.FullName.Replace('\\', '/').TrimStart('.', '/');
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            topLevel.Add(slash < 0 ? path : path[..slash]);
            if (path == ManifestName)
            {
                atRoot = entry;
            }
            else if (slash > 0 && path[(slash + 1)..] == ManifestName)
            {
                nested[path[..slash]] = entry;
            }
        }

        var manifest = atRoot ?? (topLevel.Count == 1 && nested.Count == 1 ? nested.Values.Single() : null);
        if (manifest is null)
        {
            return new ParseError("the archive has no composer.json at its root or in its one top-level directory");
        }

        if (manifest.Length > MaxManifestBytes)
        {
            return new ParseError($"composer.json is larger than {MaxManifestBytes} bytes");
        }

        using var stream = manifest.Open();
        return ParseManifest(ArchiveMembers.ReadAll(stream, MaxManifestBytes));
    }

    /// <summary>Checks a <c>composer.json</c>: a JSON object with a valid lowercase <c>vendor/package</c> name, and a valid version if it has one.</summary>
    public static ParseResult<ComposerManifest> ParseManifest(byte[] bytes)
    {
        if (JsonText.InvalidOrNull(bytes) is { } invalid)
        {
            return new ParseError($"composer.json is invalid: {invalid}");
        }

        JsonNode? node;
        try
        {
            // Duplicate properties are refused here: JsonObject otherwise throws ArgumentException on first access (a 500).
            node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return new ParseError($"composer.json is not valid JSON ({ex.Message})");
        }

        if (node is not JsonObject json)
        {
            return new ParseError("composer.json is not a JSON object");
        }

        if (json["name"] is not JsonValue nameValue || !nameValue.TryGetValue(out string? name) || !PackageName().IsMatch(name))
        {
            return new ParseError("composer.json has no valid name: it must be \"vendor/package\", lowercase letters, digits and - _ . inside");
        }

        string? version = null;
        if (json["version"] is { } versionNode)
        {
            if (versionNode is not JsonValue versionValue || !versionValue.TryGetValue(out version) || !ComposerVersion.TryNormalize(version, out _))
            {
                return new ParseError($"composer.json has an invalid version: {versionNode.ToJsonString()}");
            }
        }

        return new ComposerManifest(name, version, json);
    }

    /// <summary>Composer's package name rule (https://getcomposer.org/doc/04-schema.md#name), lowercase as Composer 2 requires.</summary>
    /// <remarks>
    /// Non-backtracking: the optional separator makes <c>(?:[_.-]?[a-z0-9]+)*</c> a nested quantifier, and a backtracking
    /// engine took exponential time on a name of 40 letters and one stray character (found by fuzzing; PHP's PCRE gives
    /// up at its backtrack limit, .NET would run for hours).
    /// </remarks>
    [GeneratedRegex(@"\A[a-z0-9](?:[_.-]?[a-z0-9]+)*/[a-z0-9](?:(?:[_.]|-{1,2})?[a-z0-9]+)*\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    internal static partial Regex PackageName();
}
