using System.Text.RegularExpressions;
using Registry.Core.Packages;

namespace Registry.Formats.PyPI;

/// <summary>
/// A distribution file name and the (name, version) pairs it can stand for: the wheel naming rule
/// (https://packaging.python.org/en/latest/specifications/binary-distribution-format/#file-name-convention) and the
/// source distribution rule (https://packaging.python.org/en/latest/specifications/source-distribution-format/),
/// where legacy sdists may still have <c>-</c> inside the name.
/// </summary>
internal sealed partial record PyPIFileName(string Value, PyPIDistributionKind Kind, IReadOnlyList<(string Name, string Version)> Candidates)
{
    public const string MetadataSuffix = ".metadata";

    public bool IsWheel => Kind == PyPIDistributionKind.Wheel;

    /// <summary>Parses a file name; the error names the rule it breaks.</summary>
    public static bool TryParse(string? fileName, out PyPIFileName parsed, out string error)
    {
        parsed = new PyPIFileName(string.Empty, PyPIDistributionKind.Wheel, []);
        error = string.Empty;
        if (string.IsNullOrEmpty(fileName))
        {
            error = "the content part has no file name";
            return false;
        }

        if (fileName.Contains('/', StringComparison.Ordinal) || fileName.Contains('\\', StringComparison.Ordinal))
        {
            error = $"the file name '{fileName}' must not contain path separators";
            return false;
        }

        if (!Allowed().IsMatch(fileName) || fileName.Contains("..", StringComparison.Ordinal) || fileName.Length > 255)
        {
            error = "the file name may only hold letters, digits and . _ + ! - (255 characters at most)";
            return false;
        }

        if (fileName.EndsWith(".whl", StringComparison.Ordinal))
        {
            var parts = fileName[..^4].Split('-');
            if (parts.Length is not (5 or 6))
            {
                error = $"'{fileName}' is not a wheel name ({{name}}-{{version}}(-{{build}})?-{{python}}-{{abi}}-{{platform}}.whl)";
                return false;
            }

            parsed = new PyPIFileName(fileName, PyPIDistributionKind.Wheel, [(parts[0], parts[1])]);
            return true;
        }

        var (kind, stem) = fileName.EndsWith(".tar.gz", StringComparison.Ordinal) ? (PyPIDistributionKind.SourceTarGz, fileName[..^7])
            : fileName.EndsWith(".zip", StringComparison.Ordinal) ? (PyPIDistributionKind.SourceZip, fileName[..^4])
            : (PyPIDistributionKind.Wheel, string.Empty);
        if (stem.Length == 0)
        {
            error = "only wheels (.whl) and source distributions (.tar.gz, .zip) are accepted";
            return false;
        }

        var candidates = new List<(string, string)>();
        for (var dash = stem.IndexOf('-', StringComparison.Ordinal); dash > 0; dash = stem.IndexOf('-', dash + 1))
        {
            candidates.Add((stem[..dash], stem[(dash + 1)..]));
        }

        if (candidates.Count == 0)
        {
            error = $"'{fileName}' is not a source distribution name ({{name}}-{{version}}.tar.gz)";
            return false;
        }

        parsed = new PyPIFileName(fileName, kind, candidates);
        return true;
    }

    /// <summary>Whether the file name stands for this project name and version (PEP 503 and PEP 440 normalized).</summary>
    public bool AgreesWith(string name, string version) =>
        Candidates.Any(c => Same(c.Name, c.Version, name, version));

    /// <summary>Whether a name and version are the same project release once normalized.</summary>
    public static bool Same(string name, string version, string otherName, string otherVersion) =>
        PyPIFormat.PyPIType.NormalizeName(name) == PyPIFormat.PyPIType.NormalizeName(otherName)
        && Pep440.TryNormalize(version, out var left)
        && Pep440.TryNormalize(otherVersion, out var right)
        && left == right;

    [GeneratedRegex(@"\A[A-Za-z0-9._+!\-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();
}
