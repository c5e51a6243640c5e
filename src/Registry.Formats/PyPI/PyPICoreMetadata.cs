using System.Text;

namespace Registry.Formats.PyPI;

/// <summary>
/// The fields of a distribution's core metadata (a wheel's <c>METADATA</c>, an sdist's <c>PKG-INFO</c>) the registry
/// checks and keeps, and the file's exact bytes, served as the PEP 658 <c>.metadata</c> file.
/// https://packaging.python.org/en/latest/specifications/core-metadata/
/// </summary>
internal sealed record PyPICoreMetadata(string MetadataVersion, string Name, string Version, string? RequiresPython, string? Summary, byte[] Raw)
{
    /// <summary>
    /// Reads the header fields: <c>Key: value</c> lines, continuation lines starting with white space, up to the
    /// first empty line (the description body follows it).
    /// </summary>
    public static PyPICoreMetadata? ParseOrNull(byte[] raw, out string error)
    {
        error = string.Empty;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            error = "is not UTF-8";
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? last = null;
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                if (last is not null)
                {
                    fields[last] += "\n" + line.Trim();
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"has a line that is not a 'Key: value' field: '{Truncate(line)}'";
                return null;
            }

            last = line[..colon].Trim();
            // Repeated fields (Classifier, Requires-Dist) are not needed here; the first one is kept.
            fields.TryAdd(last, line[(colon + 1)..].Trim());
        }

        foreach (var required in new[] { "Metadata-Version", "Name", "Version" })
        {
            if (!fields.TryGetValue(required, out var value) || value.Length == 0)
            {
                error = $"has no {required} field";
                return null;
            }
        }

        return new PyPICoreMetadata(
            fields["Metadata-Version"],
            fields["Name"],
            fields["Version"],
            fields.GetValueOrDefault("Requires-Python") is { Length: > 0 } requires ? requires : null,
            fields.GetValueOrDefault("Summary"),
            raw);
    }

    private static string Truncate(string line) => line.Length > 80 ? line[..80] + "..." : line;
}
