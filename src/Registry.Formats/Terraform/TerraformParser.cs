using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Terraform;

/// <summary>
/// GitLab's rules for Terraform module coordinates (<c>Gitlab::Regex.terraform_module_package_name_regex</c>: name and
/// system of <c>[-a-z0-9]</c>; the version SemVer 2.0, https://semver.org) and the check of a module archive: a
/// gzip-compressed tar (https://developer.hashicorp.com/terraform/language/modules/sources#fetching-archives), read as a
/// stream, with no entry that could leave the extraction directory and no more than the configured entries and bytes.
/// No HTTP here.
/// </summary>
internal static partial class TerraformParser
{
    private const int MaxPartLength = 64;
    private const int MaxVersionLength = 255;

    /// <summary>The coordinates, or which of them is invalid (the parameter names are GitLab's).</summary>
    public static ParseResult<TerraformModule> Parse(string name, string system, string? version)
    {
        if (!IsValidPart(name))
        {
            return new ParseError("module_name is invalid: use lowercase letters, digits and '-'");
        }

        if (!IsValidPart(system))
        {
            return new ParseError("module_system is invalid: use lowercase letters, digits and '-'");
        }

        return version is null || IsValidVersion(version)
            ? new TerraformModule(name, system, version ?? string.Empty)
            : new ParseError("module_version is invalid: it should follow SemVer (https://semver.org), for example 1.0.0");
    }

    /// <summary>Whether a namespace route value could name a group (one path segment, no traversal).</summary>
    public static bool IsValidNamespace(string value) => value.Length is > 0 and <= 255 && Namespace().IsMatch(value);

    public static bool IsValidVersion(string version) => version.Length <= MaxVersionLength && SemVer().IsMatch(version);

    private static bool IsValidPart(string value) => value.Length is > 0 and <= MaxPartLength && Part().IsMatch(value);

    /// <summary>
    /// Reads a module archive to its end without keeping it: null when it is a gzip-compressed tar whose entries are
    /// safe, otherwise why not (413 when it unpacks past <paramref name="maxUncompressedBytes"/>).
    /// </summary>
    public static async Task<ParseError?> InspectArchiveAsync(Stream archive, long maxUncompressedBytes, int maxEntries, CancellationToken cancellationToken)
    {
        try
        {
            var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            await using var gzipScope = gzip.ConfigureAwait(false);
            var tar = new TarReader(gzip, leaveOpen: true);
            await using var tarScope = tar.ConfigureAwait(false);
            long total = 0;
            var entries = 0;
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (++entries > maxEntries)
                {
                    return new ParseError($"the archive has more than {maxEntries} entries");
                }

                if (EntryProblemOrNull(entry) is { } problem)
                {
                    return new ParseError(problem);
                }

                total += Math.Max(entry.Length, 0);
                if (total > maxUncompressedBytes)
                {
                    return new ParseError($"the archive unpacks to more than {maxUncompressedBytes} bytes", StatusCodes.Status413PayloadTooLarge);
                }
            }

            return entries == 0 ? new ParseError("the archive is empty: a module archive holds the module's .tf files") : null;
        }
        catch (Exception ex) when (ArchiveMembers.IsCorruptArchive(ex))
        {
            return new ParseError("the file is not a gzip-compressed tar archive (.tgz)");
        }
    }

    private static string? EntryProblemOrNull(TarEntry entry)
    {
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            // git archive and pax-format tar write one: attributes for the entries after it, never extracted itself.
            return null;
        }

        if (UnsafePath(entry.Name))
        {
            return $"the archive entry '{Printable(entry.Name)}' would be written outside the module directory";
        }

        switch (entry.EntryType)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.Directory:
                return null;
            case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                return LinkLeaves(entry.EntryType == TarEntryType.HardLink ? string.Empty : entry.Name, entry.LinkName)
                    ? $"the archive entry '{Printable(entry.Name)}' links outside the module directory"
                    : null;
            default:
                return $"the archive entry '{Printable(entry.Name)}' is a {entry.EntryType}, which a module archive may not hold";
        }
    }

    /// <summary>Absolute (also Windows drive or UNC), climbing with "..", or holding control characters or backslashes.</summary>
    private static bool UnsafePath(string path) =>
        path.Length == 0
        || path.StartsWith('/')
        || path.Contains('\\', StringComparison.Ordinal)
        || (path.Length > 1 && path[1] == ':')
        || path.Any(char.IsControl)
        || path.Split('/').Contains("..");

    /// <summary>Whether a link, resolved from the directory of <paramref name="name"/> (the root for a hard link), ends above the archive root.</summary>
    private static bool LinkLeaves(string name, string target)
    {
        if (target.Length == 0 || target.StartsWith('/') || target.Contains('\\', StringComparison.Ordinal) || (target.Length > 1 && target[1] == ':'))
        {
            return true;
        }

        var depth = Math.Max(name.TrimEnd('/').Split('/').Count(static s => s is not ("" or ".")) - 1, 0);
        foreach (var segment in target.Split('/'))
        {
            depth += segment switch { ".." => -1, "" or "." => 0, _ => 1 };
            if (depth < 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string Printable(string value) => new([.. value.Take(200).Select(static c => char.IsControl(c) ? '?' : c)]);

    [GeneratedRegex(@"\A[a-z0-9-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.\-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Namespace();

    // semver.org's suggested expression, with [0-9] for \d (which .NET extends to every Unicode digit).
    [GeneratedRegex(
        @"\A(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
        + @"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
        + @"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex SemVer();
}
