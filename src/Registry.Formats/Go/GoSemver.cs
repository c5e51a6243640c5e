using System.Text.RegularExpressions;

namespace Registry.Formats.Go;

/// <summary>
/// Go's semantic versions as module versions use them (https://go.dev/ref/mod#versions): only the canonical form
/// <c>vMAJOR.MINOR.PATCH[-prerelease]</c> names a published version (golang.org/x/mod/module <c>Check</c>), and
/// precedence follows semver 2.0.0 section 11.
/// </summary>
internal static partial class GoSemver
{
    /// <summary>Whether <paramref name="version"/> is canonical: no build metadata, no shorthand (<c>v1.2</c>), no leading zeros.</summary>
    public static bool IsCanonical(string version) => Canonical().IsMatch(version);

    /// <summary>The major version (<c>v2</c>) of a canonical version.</summary>
    public static string Major(string version) => version[..version.IndexOf('.', StringComparison.Ordinal)];

    /// <summary>Whether the version has a prerelease part.</summary>
    public static bool IsPrerelease(string version) => version.Contains('-', StringComparison.Ordinal);

    /// <summary>Orders canonical versions by semver precedence.</summary>
    public static int Compare(string left, string right)
    {
        var (leftCore, leftPre) = Split(left);
        var (rightCore, rightPre) = Split(right);
        var leftNumbers = leftCore.Split('.');
        var rightNumbers = rightCore.Split('.');
        for (var i = 0; i < 3; i++)
        {
            if (CompareNumeric(leftNumbers[i], rightNumbers[i]) is var byNumber and not 0)
            {
                return byNumber;
            }
        }

        if (leftPre is null || rightPre is null)
        {
            // A release ranks above its prereleases.
            return (leftPre is null).CompareTo(rightPre is null);
        }

        var leftIds = leftPre.Split('.');
        var rightIds = rightPre.Split('.');
        for (var i = 0; i < Math.Min(leftIds.Length, rightIds.Length); i++)
        {
            var leftNumeric = leftIds[i].All(char.IsAsciiDigit);
            var rightNumeric = rightIds[i].All(char.IsAsciiDigit);
            var byId = (leftNumeric, rightNumeric) switch
            {
                (true, true) => CompareNumeric(leftIds[i], rightIds[i]),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(leftIds[i], rightIds[i]),
            };
            if (byId != 0)
            {
                return byId;
            }
        }

        return leftIds.Length.CompareTo(rightIds.Length);
    }

    private static (string Core, string? Prerelease) Split(string version)
    {
        var dash = version.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (version[1..], null) : (version[1..dash], version[(dash + 1)..]);
    }

    // Numbers without leading zeros compare by length first, so no integer parse can overflow.
    private static int CompareNumeric(string left, string right) =>
        left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right);

    [GeneratedRegex(@"\Av(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(\.(0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Canonical();
}
