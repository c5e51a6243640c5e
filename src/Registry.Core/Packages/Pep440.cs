using System.Text;
using System.Text.RegularExpressions;

namespace Registry.Core.Packages;

/// <summary>
/// PEP 440 version normalization (https://packaging.python.org/en/latest/specifications/version-specifiers/#normalization),
/// so that <c>1.0-RC1</c>, <c>1.0rc1</c> and <c>v1.0.rc.1</c> name the same PyPI release, as pip treats them.
/// </summary>
public static partial class Pep440
{
    /// <summary>The normalized form of a valid version; false when the text is not a PEP 440 version.</summary>
    public static bool TryNormalize(string? version, out string normalized)
    {
        normalized = string.Empty;
        if (version is null)
        {
            return false;
        }

        var match = Pattern().Match(version.Trim());
        if (!match.Success)
        {
            return false;
        }

        var text = new StringBuilder();
        if (match.Groups["epoch"].Success && Number(match.Groups["epoch"].Value) != "0")
        {
            text.Append(Number(match.Groups["epoch"].Value)).Append('!');
        }

        text.AppendJoin('.', match.Groups["release"].Value.Split('.').Select(Number));
        if (match.Groups["pre"].Success)
        {
            text.Append(PreLabel(match.Groups["prel"].Value)).Append(NumberOrZero(match.Groups["pren"]));
        }

        if (match.Groups["postn1"].Success)
        {
            text.Append(".post").Append(Number(match.Groups["postn1"].Value));
        }
        else if (match.Groups["postl"].Success)
        {
            text.Append(".post").Append(NumberOrZero(match.Groups["postn2"]));
        }

        if (match.Groups["dev"].Success)
        {
            text.Append(".dev").Append(NumberOrZero(match.Groups["devn"]));
        }

        if (match.Groups["local"].Success)
        {
            text.Append('+').Append(LocalSeparators().Replace(match.Groups["local"].Value.ToLowerInvariant(), "."));
        }

        normalized = text.ToString();
        return true;
    }

    /// <summary>The normalized form of a valid version, or the text unchanged when it is not one.</summary>
    public static string Normalize(string version) => TryNormalize(version, out var normalized) ? normalized : version;

    private static string PreLabel(string label) => label.ToLowerInvariant() switch
    {
        "a" or "alpha" => "a",
        "b" or "beta" => "b",
        _ => "rc",
    };

    private static string NumberOrZero(Group group) => group.Success ? Number(group.Value) : "0";

    // Numbers compare as integers and may exceed any fixed-size type, so leading zeros are trimmed as text.
    private static string Number(string digits) => digits.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";

    [GeneratedRegex(
        @"\Av?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\.[0-9]+)*)"
        + @"(?<pre>[-_.]?(?<prel>alpha|beta|preview|pre|rc|a|b|c)[-_.]?(?<pren>[0-9]+)?)?"
        + @"(?<post>(?:-(?<postn1>[0-9]+))|(?:[-_.]?(?<postl>post|rev|r)[-_.]?(?<postn2>[0-9]+)?))?"
        + @"(?<dev>[-_.]?dev[-_.]?(?<devn>[0-9]+)?)?"
        + @"(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?\z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Pattern();

    [GeneratedRegex("[-_.]", RegexOptions.CultureInvariant)]
    private static partial Regex LocalSeparators();
}
