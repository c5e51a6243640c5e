using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using System.Xml.Linq;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;
using Registry.Formats.Protocol;

namespace Registry.Formats.NuGet;

/// <summary>
/// Reads a <c>.nupkg</c>: its nuspec (id, version, dependency groups, descriptive fields) with NuGet.Packaging. No
/// HTTP. Refuses what is not a zip, a missing or malformed nuspec, a nuspec with a DTD (no entity is ever
/// expanded or fetched) and archives that declare more uncompressed bytes or more entries than allowed.
/// </summary>
internal static class NuGetParser
{
    /// <summary>The largest nuspec read; real ones are a few kilobytes.</summary>
    internal const int MaxNuspecBytes = 512 * 1024;

    /// <summary>The longest version accepted: nuget.org's limit (its versions column is 64 characters).</summary>
    internal const int MaxVersionLength = 64;

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        MaxCharactersInDocument = MaxNuspecBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>Parses a package from a seekable or forward-only stream; the stream is left open.</summary>
    public static ParseResult<NuGetMetadata> Parse(Stream nupkg, long maxUncompressedBytes, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(nupkg);
        try
        {
            // Both readers below load the whole central directory, so its declared size is checked first.
            if (ZipEndRecord.TooManyEntriesOrNull(nupkg, maxEntries) is { } tooMany)
            {
                return tooMany;
            }

            using var archive = new PackageArchiveReader(nupkg, leaveStreamOpen: true);
            var zip = new ZipArchive(nupkg, ZipArchiveMode.Read, leaveOpen: true);
            using (zip)
            {
                long declared = 0;
                foreach (var entry in zip.Entries)
                {
                    declared += entry.Length;
                    if (entry.Length < 0 || declared > maxUncompressedBytes)
                    {
                        return new ParseError($"the package declares more than {maxUncompressedBytes} uncompressed bytes");
                    }
                }

                string nuspecPath;
                try
                {
                    nuspecPath = archive.GetNuspecFile();
                }
                catch (PackagingException ex)
                {
                    return new ParseError("the package has no valid .nuspec at its root: " + ex.Message);
                }

                var nuspecEntry = zip.GetEntry(nuspecPath);
                if (nuspecEntry is null)
                {
                    return new ParseError("the package has no .nuspec at its root");
                }

                if (nuspecEntry.Length > MaxNuspecBytes)
                {
                    return new ParseError($"the .nuspec is larger than {MaxNuspecBytes} bytes");
                }

                var nuspecText = ReadCapped(nuspecEntry);
                if (nuspecText is null)
                {
                    return new ParseError($"the .nuspec is larger than {MaxNuspecBytes} bytes");
                }

                return FromNuspec(nuspecText);
            }
        }
        catch (InvalidDataException)
        {
            return new ParseError("the package is not a valid zip archive (.nupkg)");
        }
        catch (PackagingException ex)
        {
            return new ParseError("the package is invalid: " + ex.Message);
        }
    }

    /// <summary>Parses a nuspec's text (no DTD allowed).</summary>
    internal static ParseResult<NuGetMetadata> FromNuspec(string nuspecText)
    {
        NuspecReader nuspec;
        try
        {
            nuspec = ReadNuspec(nuspecText);
        }
        catch (XmlException ex)
        {
            return new ParseError("the .nuspec is not well-formed XML (DTDs are not allowed): " + ex.Message);
        }
        catch (Exception ex) when (ex is PackagingException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            return new ParseError("the .nuspec is invalid: " + ex.Message);
        }

        try
        {
            var id = nuspec.GetId();
            if (string.IsNullOrWhiteSpace(id) || !IsValidId(id))
            {
                return new ParseError($"the .nuspec has no valid <id>: at most {PackageIdValidator.MaxPackageIdLength} characters of A-Z a-z 0-9 . _ -, in dot- or dash-separated parts");
            }

            var rawVersion = nuspec.GetMetadataValue("version");
            if (rawVersion.Length > MaxVersionLength || !NuGetVersion.TryParse(rawVersion, out var version))
            {
                return new ParseError($"the .nuspec has no valid <version>: a SemVer 2.0.0 version of at most {MaxVersionLength} characters");
            }

            var groups = nuspec.GetDependencyGroups()
                .Select(g => new NuGetDependencyGroup(
                    g.TargetFramework.IsAny ? null : g.TargetFramework.GetShortFolderName(),
                    [.. g.Packages.Select(p => new NuGetDependency(p.Id, p.VersionRange.ToNormalizedString()))]))
                .ToList();
            var license = nuspec.GetLicenseMetadata();
            var metadata = new NuGetMetadata
            {
                Id = id,
                Version = version.ToFullString(),
                Authors = nuspec.GetAuthors(),
                Description = nuspec.GetDescription(),
                Title = NullIfEmpty(nuspec.GetTitle()),
                Summary = NullIfEmpty(nuspec.GetSummary()),
                Tags = NullIfEmpty(nuspec.GetTags()),
                ProjectUrl = NullIfEmpty(nuspec.GetProjectUrl()),
                IconUrl = NullIfEmpty(nuspec.GetIconUrl()),
                LicenseUrl = NullIfEmpty(nuspec.GetLicenseUrl()),
                LicenseExpression = license?.Type == LicenseType.Expression ? license.License : null,
                RequireLicenseAcceptance = nuspec.GetRequireLicenseAcceptance(),
                DependencyGroups = groups,
                Nuspec = nuspecText,
            };
            return metadata;
        }
        catch (Exception ex) when (ex is PackagingException or InvalidDataException or ArgumentException or FormatException or InvalidOperationException)
        {
            return new ParseError("the .nuspec is invalid: " + ex.Message);
        }
    }

    /// <summary>Reads a nuspec with no DTD and no entity expansion; throws <see cref="XmlException"/> on anything else.</summary>
    internal static NuspecReader ReadNuspec(string nuspecText)
    {
        using var text = new StringReader(nuspecText);
        using var xml = XmlReader.Create(text, XmlSettings);
        return new NuspecReader(XDocument.Load(xml));
    }

    /// <summary>
    /// NuGet's id rules (https://learn.microsoft.com/nuget/reference/nuspec#id): what <see cref="PackageIdValidator"/>
    /// accepts, up to its 100 characters, and ASCII only: its pattern's <c>\w</c> admits any Unicode letter, so a Cyrillic
    /// <c>е</c> would make an id that looks like another.
    /// </summary>
    internal static bool IsValidId(string id) =>
        id.Length <= PackageIdValidator.MaxPackageIdLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
        && PackageIdValidator.IsValidPackageId(id);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Reads an entry as UTF-8 text, at most <see cref="MaxNuspecBytes"/> bytes whatever its header declares; null when longer.</summary>
    private static string? ReadCapped(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var buffer = new byte[MaxNuspecBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total > MaxNuspecBytes)
        {
            return null;
        }

        using var text = new StreamReader(new MemoryStream(buffer, 0, total), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return text.ReadToEnd();
    }
}


/// <summary>What the registry keeps from a nuspec, stored as the package's metadata JSON.</summary>
internal sealed record NuGetMetadata
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required string Id { get; init; }
    public required string Version { get; init; }
    public string? Authors { get; init; }
    public string? Description { get; init; }
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public string? Tags { get; init; }
    public string? ProjectUrl { get; init; }
    public string? IconUrl { get; init; }
    public string? LicenseUrl { get; init; }
    public string? LicenseExpression { get; init; }
    public bool RequireLicenseAcceptance { get; init; }
    public IReadOnlyList<NuGetDependencyGroup> DependencyGroups { get; init; } = [];
    public string? Nuspec { get; init; }

    /// <summary>The portable PDBs of the symbol packages pushed for this version, which the symbol server serves.</summary>
    public IReadOnlyList<NuGetSymbol> Symbols { get; init; } = [];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static NuGetMetadata? FromJsonOrNull(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<NuGetMetadata>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record NuGetDependencyGroup(string? TargetFramework, IReadOnlyList<NuGetDependency> Dependencies);

internal sealed record NuGetDependency(string Id, string Range);

/// <summary>A stored PDB: its lowercase file name, SSQP signature, checksum (see <see cref="NuGetSymbolFile"/>) and the SHA-256 of the stored file.</summary>
internal sealed record NuGetSymbol(string FileName, string Signature, string Checksum, string Sha256);
