using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Registry.Formats.Protocol;

namespace Registry.Formats.PyPI;

/// <summary>
/// Reads the core metadata out of a distribution: <c>{name}-{version}.dist-info/METADATA</c> from a wheel (zip),
/// <c>{name}-{version}/PKG-INFO</c> from a source distribution (tar.gz or zip). Refuses archives that are not what
/// their name says, that hold absolute paths, <c>..</c> segments or links leaving the archive, or that declare more
/// uncompressed bytes than allowed. No HTTP here.
/// </summary>
internal static partial class PyPIParser
{
    internal const int MaxMetadataBytes = 8 * 1024 * 1024;

    /// <summary>Parses <paramref name="content"/> (seekable, for zips) as the distribution <paramref name="file"/> names.</summary>
    public static ParseResult<PyPICoreMetadata> Parse(Stream content, PyPIFileName file, long maxUncompressedBytes, UploadLimits limits)
    {
        try
        {
            if (file.Kind != PyPIDistributionKind.SourceTarGz && ZipEndRecord.TooManyEntriesOrNull(content, limits.MaxArchiveEntries) is { } tooMany)
            {
                return tooMany;
            }

            return file.Kind == PyPIDistributionKind.SourceTarGz
                ? FromTarGz(content, maxUncompressedBytes, limits)
                : FromZip(content, file.IsWheel, maxUncompressedBytes);
        }
        catch (ExpansionLimitException ex)
        {
            return ex.ToParseError();
        }
        catch (Exception ex) when (ArchiveMembers.IsCorruptArchive(ex))
        {
            return new ParseError(file.Kind == PyPIDistributionKind.SourceTarGz
                ? $"the source distribution is not a valid tar.gz archive ({ex.Message})"
                : $"the {(file.IsWheel ? "wheel" : "source distribution")} is not a valid zip archive ({ex.Message})");
        }
    }

    private static ParseResult<PyPICoreMetadata> FromZip(Stream content, bool wheel, long maxUncompressedBytes)
    {
        using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
        long total = 0;
        ZipArchiveEntry? found = null;
        var metadataPattern = wheel ? WheelMetadata() : SdistMetadata();
        foreach (var entry in zip.Entries)
        {
            if (ArchiveMembers.UnsafePathOrNull(entry.FullName) is { } unsafePath)
            {
                return new ParseError(unsafePath);
            }

            total += entry.Length;
            if (total > maxUncompressedBytes)
            {
                return new ParseError($"the archive declares more than {maxUncompressedBytes} uncompressed bytes");
            }

            if (metadataPattern.IsMatch(entry.FullName))
            {
                if (found is not null)
                {
                    return new ParseError($"the archive has more than one {(wheel ? ".dist-info/METADATA" : "PKG-INFO")}");
                }

                found = entry;
            }
        }

        if (found is null)
        {
            return new ParseError(wheel ? "the wheel has no {name}-{version}.dist-info/METADATA file" : "the source distribution has no {name}-{version}/PKG-INFO file");
        }

        if (found.Length > MaxMetadataBytes)
        {
            return new ParseError($"{found.FullName} is larger than {MaxMetadataBytes} bytes");
        }

        using var stream = found.Open();
        return FromMetadata(found.FullName, ArchiveMembers.ReadAll(stream, MaxMetadataBytes));
    }

    private static ParseResult<PyPICoreMetadata> FromTarGz(Stream content, long maxUncompressedBytes, UploadLimits limits)
    {
        // The bound holds while the archive streams, whatever sizes its members declare.
        using var gzip = ExpansionLimitedStream.Gzip(content, limits, maxUncompressedBytes);
        using var tar = new TarReader(gzip, leaveOpen: true);
        var entries = 0;
        long total = 0;
        (string Name, byte[] Bytes)? found = null;
        while (tar.GetNextEntry() is { } entry)
        {
            if (++entries > limits.MaxArchiveEntries)
            {
                return new ParseError($"the archive holds more than {limits.MaxArchiveEntries} entries");
            }

            if (ArchiveMembers.UnsafePathOrNull(entry.Name) is { } unsafePath)
            {
                return new ParseError(unsafePath);
            }

            if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink && UnsafeLinkOrNull(entry.Name, entry.LinkName) is { } unsafeLink)
            {
                return new ParseError(unsafeLink);
            }

            total += entry.Length;
            if (total > maxUncompressedBytes)
            {
                return new ParseError($"the archive declares more than {maxUncompressedBytes} uncompressed bytes");
            }

            if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && SdistMetadata().IsMatch(ArchiveMembers.TrimDotSlash(entry.Name)))
            {
                if (found is not null)
                {
                    return new ParseError("the archive has more than one PKG-INFO");
                }

                if (entry.Length > MaxMetadataBytes || entry.DataStream is null)
                {
                    return new ParseError($"{entry.Name} is larger than {MaxMetadataBytes} bytes or empty");
                }

                found = (entry.Name, ArchiveMembers.ReadAll(entry.DataStream, MaxMetadataBytes));
            }
        }

        return found is { } metadata
            ? FromMetadata(metadata.Name, metadata.Bytes)
            : new ParseError("the source distribution has no {name}-{version}/PKG-INFO file");
    }

    private static ParseResult<PyPICoreMetadata> FromMetadata(string entryName, byte[] raw) =>
        PyPICoreMetadata.ParseOrNull(raw, out var error) is { } metadata
            ? metadata
            : new ParseError($"{entryName} {error}");

    private static string? UnsafeLinkOrNull(string name, string target)
    {
        var normalized = target.Replace('\\', '/');
        if (ArchiveMembers.IsAbsolute(normalized))
        {
            return $"the archive holds a link to an absolute path: '{name}' -> '{target}'";
        }

        // A link may go up inside the archive, never above its root.
        var depth = ArchiveMembers.TrimDotSlash(name).Split('/').Length - 1;
        foreach (var segment in normalized.Split('/'))
        {
            depth += segment switch { ".." => -1, "" or "." => 0, _ => 1 };
            if (depth < 0)
            {
                return $"the archive holds a link leaving it: '{name}' -> '{target}'";
            }
        }

        return null;
    }


    [GeneratedRegex(@"\A[^/]+\.dist-info/METADATA\z", RegexOptions.CultureInvariant)]
    private static partial Regex WheelMetadata();

    [GeneratedRegex(@"\A[^/]+/PKG-INFO\z", RegexOptions.CultureInvariant)]
    private static partial Regex SdistMetadata();
}
