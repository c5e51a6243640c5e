using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Registry.Formats.Protocol;

namespace Registry.Formats.Helm;

/// <summary>
/// Reads a packaged chart (<c>helm package</c>'s gzip-compressed tar, https://helm.sh/docs/topics/charts/#chart-file-structure)
/// forwards once: every member must sit inside one top-level chart directory, with no absolute or <c>..</c> path and no
/// link; <c>{chart}/Chart.yaml</c> is read (bounded) and checked; the whole archive must decompress within the limit,
/// so a truncated or bomb archive is refused. No HTTP here.
/// </summary>
internal static class HelmParser
{
    /// <summary>The chart's metadata, or why <paramref name="archive"/> is not an acceptable chart.</summary>
    public static ParseResult<HelmChart> Parse(Stream archive, HelmOptions options)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            using var bounded = ExpansionLimitedStream.Gzip(archive, options.Limits, options.MaxUncompressedBytes);
            using var tar = new TarReader(bounded, leaveOpen: true);
            return Read(tar, options);
        }
        catch (ExpansionLimitException ex)
        {
            return ex.ToParseError();
        }
        catch (Exception ex) when (ArchiveMembers.IsCorruptArchive(ex))
        {
            return new ParseError($"the chart is not a valid gzip-compressed tar archive (.tgz): {ex.Message}");
        }
    }

    private static ParseResult<HelmChart> Read(TarReader tar, HelmOptions options)
    {
        string? directory = null;
        string? chartYaml = null;
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            var name = ArchiveMembers.TrimDotSlash(entry.Name);
            if (ArchiveMembers.UnsafePathOrNull(name) is { } unsafePath)
            {
                return new ParseError(unsafePath);
            }

            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory))
            {
                // Helm extracts regular files only; a link or device in a chart is there to mislead another tool.
                return new ParseError($"the chart holds '{entry.Name}', which is not a regular file or directory ({entry.EntryType})");
            }

            var slash = name.IndexOf('/', StringComparison.Ordinal);
            var top = slash < 0 ? name : name[..slash];
            if (slash < 0 && entry.EntryType is not TarEntryType.Directory)
            {
                return new ParseError($"the chart holds '{entry.Name}' outside a chart directory: Chart.yaml not found within a directory");
            }

            directory ??= top;
            if (top != directory)
            {
                return new ParseError($"the chart holds more than one top-level directory ('{directory}' and '{top}')");
            }

            if (name == directory + "/Chart.yaml" && entry.EntryType is not TarEntryType.Directory)
            {
                if (chartYaml is not null)
                {
                    return new ParseError($"the chart holds {name} twice");
                }

                if (entry.Length > options.MaxChartYamlBytes || entry.DataStream is not { } data)
                {
                    return new ParseError($"{name} is larger than {options.MaxChartYamlBytes} bytes or empty");
                }

                chartYaml = Encoding.UTF8.GetString(ArchiveMembers.ReadAll(data, options.MaxChartYamlBytes));
            }
        }

        return chartYaml is null
            ? new ParseError("Chart.yaml not found within a directory: the chart must hold {chart}/Chart.yaml")
            : HelmChartYaml.Read(chartYaml);
    }
}
