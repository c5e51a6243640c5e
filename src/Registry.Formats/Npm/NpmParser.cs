using System.Diagnostics.CodeAnalysis;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>A validated publish: the version manifest, its tarball and the dist-tags to point at it.</summary>
internal sealed record NpmUpload(string Name, string Version, string FileName, JsonObject Manifest, IReadOnlyList<string> Tags);

/// <summary>
/// Reads npm's publish document (<c>PUT /{name}</c>): the version manifest and the base64 tarball in
/// <c>_attachments</c>. Checks the client's <c>dist.integrity</c> and <c>dist.shasum</c> against the bytes and that the
/// tarball is a gzip-compressed tar whose <c>package/package.json</c> names the same package and version, with no
/// entry that could escape its directory. No HTTP here.
/// </summary>
internal static partial class NpmParser
{
    private const int MaxNameLength = 214;
    private const int MaxPackageJsonBytes = 16 * 1024 * 1024;
    private const int MaxTarEntries = 100_000;

    public static bool IsValidName(string name) => name.Length is > 0 and <= MaxNameLength && Name().IsMatch(name);

    public static bool IsValidVersion(string version) => version.Length is > 0 and <= 256 && Version().IsMatch(version);

    public static bool IsValidTag(string tag) => tag.Length is > 0 and <= 128 && Tag().IsMatch(tag) && !IsValidVersion(tag);

    /// <summary>The name without its scope: <c>@scope/name</c> gives <c>name</c>.</summary>
    public static string Unscoped(string name) => name.StartsWith('@') && name.IndexOf('/', StringComparison.Ordinal) is var slash and > 0
        ? name[(slash + 1)..]
        : name;

    /// <summary>The tarball file name npm uses: <c>{unscoped}-{version}.tgz</c>.</summary>
    public static string TarballFileName(string name, string version) => $"{Unscoped(name)}-{version}.tgz";

    /// <summary>Parses a JSON object; null when the bytes are not one.</summary>
    public static JsonObject? ParseObjectOrNull(ReadOnlyMemory<byte> json)
    {
        try
        {
            // Duplicate properties are refused here: JsonObject otherwise throws ArgumentException on first access (a 500).
            return JsonNode.Parse(json.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 64, AllowDuplicateProperties = false }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A JSON object sent by a client, within <paramref name="limits"/>; the error names what is wrong.</summary>
    public static ParseResult<JsonObject> ParseUploadedObject(ReadOnlyMemory<byte> json, UploadLimits limits, string what)
    {
        if (JsonLimits.ExceededOrNull(json.Span, limits) is { } exceeded)
        {
            return new ParseError($"{what}: {exceeded}");
        }

        if (JsonText.InvalidOrNull(json.Span) is { } invalid)
        {
            return new ParseError($"{what}: {invalid}");
        }

        return ParseObjectOrNull(json) is { } document ? document : new ParseError($"{what} is not a JSON object");
    }

    /// <summary>Whether the document carries a tarball (a publish) rather than a metadata update (deprecate, unpublish).</summary>
    public static bool HasAttachments(JsonObject document) => document["_attachments"] is JsonObject { Count: > 0 };

    /// <summary>
    /// Validates a publish document sent to <paramref name="routeName"/> against the attachment streamed out of it
    /// (null when none carried bytes): the upload, or an error in words npm shows. The tarball's content is checked
    /// separately by <see cref="InspectTarball"/>.
    /// </summary>
    public static ParseResult<NpmUpload> ParseUpload(JsonObject document, string routeName, NpmAttachment? tarball)
    {
        if (document["name"]?.GetValueKind() != JsonValueKind.String || (string?)document["name"] is not { } name || !IsValidName(name))
        {
            return new ParseError("package name is invalid");
        }

        if (!string.Equals(name, routeName, StringComparison.Ordinal))
        {
            return new ParseError("package name in the document does not match the URL");
        }

        if (document["versions"] is not JsonObject versions || versions.Count == 0)
        {
            return new ParseError("versions is missing");
        }

        if (document["_attachments"] is not JsonObject { Count: 1 } attachments || tarball is { DataValues: > 1 })
        {
            return new ParseError("exactly one attachment is expected");
        }

        var (key, attachmentNode) = attachments.First();
        var version = versions.Count == 1
            ? versions.First().Key
            : versions.Select(v => v.Key).FirstOrDefault(v => string.Equals($"{name}-{v}.tgz", key, StringComparison.Ordinal));
        if (version is null || !IsValidVersion(version))
        {
            return new ParseError("package version is invalid");
        }

        if (versions[version] is not JsonObject manifest)
        {
            return new ParseError("version manifest is missing");
        }

        if (!string.Equals(StringOrNull(manifest, "name"), name, StringComparison.Ordinal) || !string.Equals(StringOrNull(manifest, "version"), version, StringComparison.Ordinal))
        {
            return new ParseError("version manifest does not match the package name and version");
        }

        // The scanner left the streamed value as "" in the document.
        if (attachmentNode is not JsonObject attachment || StringOrNull(attachment, "data") is null || tarball is null)
        {
            return new ParseError("attachment data is missing");
        }

        if (attachment["length"] is JsonValue lengthValue && (!lengthValue.TryGetValue<long>(out var length) || length != tarball.Length))
        {
            return new ParseError("attachment length does not match its data");
        }

        if (VerifyDigests(manifest, tarball) is { } digestError)
        {
            return new ParseError(digestError);
        }

        if (!tarball.IsGzip)
        {
            return new ParseError("the tarball is not gzip-compressed");
        }

        var tags = document["dist-tags"] is JsonObject distTags
            ? distTags.Where(t => t.Value?.GetValueKind() == JsonValueKind.String && (string?)t.Value == version).Select(t => t.Key).ToList()
            : [];
        if (tags.Any(t => !IsValidTag(t)))
        {
            return new ParseError("dist-tag is invalid");
        }

        if (tags.Count == 0)
        {
            tags.Add("latest");
        }

        return new NpmUpload(name, version, TarballFileName(name, version), manifest, tags);
    }

    /// <summary>Checks <c>dist.integrity</c> (every sha512 entry) and <c>dist.shasum</c>; at least one must be present.</summary>
    public static string? VerifyDigests(JsonObject manifest, NpmAttachment tarball)
    {
        var dist = manifest["dist"] as JsonObject;
        var integrity = dist is null ? null : StringOrNull(dist, "integrity");
        var shasum = dist is null ? null : StringOrNull(dist, "shasum");
        if (integrity is null && shasum is null)
        {
            return "dist.integrity or dist.shasum is required";
        }

        if (integrity is not null)
        {
            var sha512 = "sha512-" + Convert.ToBase64String(tarball.Sha512);
            var entries = integrity.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(e => e.StartsWith("sha512-", StringComparison.Ordinal))
                .Select(e => e.Split('?')[0])
                .ToList();
            if (entries.Count == 0 || entries.Any(e => !string.Equals(e, sha512, StringComparison.Ordinal)))
            {
                return "dist.integrity does not match the attachment";
            }
        }

        // npm's dist.shasum is SHA-1 by protocol; it is checked for agreement, never trusted alone (integrity is SHA-512).
        if (shasum is not null && !string.Equals(shasum, Convert.ToHexStringLower(tarball.Sha1), StringComparison.OrdinalIgnoreCase))
        {
            return "dist.shasum does not match the attachment";
        }

        return null;
    }

    /// <summary>Reads the tarball: a gzip-compressed tar, safe entry names, and a package.json that agrees with the manifest.</summary>
    public static string? InspectTarball(Stream tarball, string name, string version, NpmOptions options)
    {
        JsonObject? packageJson = null;
        try
        {
            using var gzip = ExpansionLimitedStream.Gzip(tarball, options.Limits, options.MaxUncompressedBytes);
            using var reader = new TarReader(gzip);
            var count = 0;
            while (reader.GetNextEntry() is { } entry)
            {
                if (++count > MaxTarEntries)
                {
                    return "the tarball has too many entries";
                }

                if (!IsSafePath(entry.Name)
                    || (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink && !IsSafeLink(entry.LinkName)))
                {
                    return $"the tarball entry '{entry.Name}' is outside the package directory";
                }

                if (packageJson is null && IsPackageJson(entry.Name) && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && entry.DataStream is { } data)
                {
                    if (entry.Length > MaxPackageJsonBytes)
                    {
                        return "package.json in the tarball is too large";
                    }

                    if (!ParseUploadedObject(ArchiveMembers.ReadAll(data, MaxPackageJsonBytes), options.Limits, "package.json in the tarball").Succeeded(out packageJson, out var jsonError))
                    {
                        return jsonError.Message;
                    }
                }
            }
        }
        catch (ExpansionLimitException ex)
        {
            return "the tarball is refused: " + ex.Message;
        }
        catch (InvalidDataException)
        {
            return "the tarball is not a valid gzip-compressed tar archive";
        }
        catch (FormatException)
        {
            return "the tarball is not a valid gzip-compressed tar archive";
        }
        catch (EndOfStreamException)
        {
            return "the tarball is truncated";
        }
        catch (Exception ex) when (ArchiveMembers.IsCorruptArchive(ex))
        {
            return "the tarball is not a valid gzip-compressed tar archive";
        }

        if (packageJson is null)
        {
            return "the tarball has no package/package.json";
        }

        return string.Equals(StringOrNull(packageJson, "name"), name, StringComparison.Ordinal)
            && string.Equals(StringOrNull(packageJson, "version"), version, StringComparison.Ordinal)
            ? null
            : "package.json in the tarball does not match the package name and version";
    }

    private static bool IsPackageJson(string entryName)
    {
        var parts = entryName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[1] == "package.json" && parts[0] is not ("." or "..");
    }

    private static bool IsSafePath(string path) =>
        path.Length > 0
        && !path.StartsWith('/')
        && !path.Contains('\\', StringComparison.Ordinal)
        && !path.Contains(':', StringComparison.Ordinal)
        && !path.Any(char.IsControl)
        && !path.Split('/').Any(segment => segment == "..");

    // A link target is refused when it is absolute or climbs with "..": it could then point outside the package directory.
    private static bool IsSafeLink(string linkName) => IsSafePath(linkName);

    private static string? StringOrNull(JsonObject node, string property) =>
        node[property] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    [GeneratedRegex(@"\A(?:@[a-z0-9\-*~][a-z0-9\-*._~]*/)?[a-z0-9\-~][a-z0-9\-._~]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"\A\d+\.\d+\.\d+(?:-[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*)?(?:\+[0-9A-Za-z\-]+(?:\.[0-9A-Za-z\-]+)*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Version();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._\-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
