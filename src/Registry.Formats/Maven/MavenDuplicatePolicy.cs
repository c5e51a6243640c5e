using System.Text.RegularExpressions;
using Registry.Core.Packages;

namespace Registry.Formats.Maven;

/// <summary>
/// GitLab's Maven duplicate rule: SNAPSHOTs may always be re-deployed; releases may be when duplicates are allowed or
/// the package name or version matches the exception pattern. A refused release file is one the version already has.
/// </summary>
internal static class MavenDuplicatePolicy
{
    /// <summary>A hostile pattern or input cannot hold a request: past this, the exception does not apply.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    public static DuplicateRule RuleFor(MavenOptions options, string packageName, string version)
    {
        if (MavenParser.IsSnapshot(version) || options.DuplicatesAllowed)
        {
            return DuplicateRule.Allow;
        }

        return IsException(options.DuplicateExceptionRegex, packageName) || IsException(options.DuplicateExceptionRegex, version)
            ? DuplicateRule.Allow
            : DuplicateRule.RejectSameFileName;
    }

    private static bool IsException(string? pattern, string input)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return false;
        }

        try
        {
            return Regex.IsMatch(input, pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
