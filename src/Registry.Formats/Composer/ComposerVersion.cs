using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Registry.Formats.Composer;

/// <summary>
/// Composer's version strings as its <c>VersionParser::normalize</c> reads them
/// (https://getcomposer.org/doc/04-schema.md#version, composer/semver): <c>1.2</c>, <c>v1.2.3</c>, <c>1.0.0-beta2</c>,
/// <c>1.0-RC1</c>, date versions, branch versions <c>dev-main</c> and <c>1.x-dev</c>. The normalized form
/// (<c>1.2.0.0</c>, <c>1.0.0.0-beta2</c>, <c>1.9999999.9999999.9999999-dev</c>) is what makes two spellings one version.
/// </summary>
internal static partial class ComposerVersion
{
    private const string Modifier = @"[._-]?(?:(?<stability>stable|beta|b|RC|alpha|a|patch|pl|p)(?<number>(?:[.-]?\d+)*)?)?(?<dev>[.-]?dev)?";

    /// <summary>Composer's normalized form of <paramref name="version"/>, or false when Composer would refuse it.</summary>
    public static bool TryNormalize(string version, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        var text = version.Trim();
        if (text.Length is 0 or > 255 || text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        if (text is "master" or "trunk" or "default")
        {
            text = "dev-" + text;
        }

        if (text.StartsWith("dev-", StringComparison.OrdinalIgnoreCase))
        {
            normalized = text.Length > 4 ? "dev-" + text[4..] : null;
            return normalized is not null;
        }

        // Build metadata (+...) is not part of the version.
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            text = text[..plus];
        }

        if (Classical().Match(text) is { Success: true } classical)
        {
            var numeric = classical.Groups[1].Value + Part(classical.Groups[2]) + Part(classical.Groups[3]) + Part(classical.Groups[4]);
            normalized = WithModifiers(numeric, classical);
            return true;
        }

        if (DateBased().Match(text) is { Success: true } date)
        {
            normalized = WithModifiers(NonDigit().Replace(date.Groups[1].Value, "."), date);
            return true;
        }

        if (DevSuffix().Match(text) is { Success: true } dev && Branch().Match(dev.Groups[1].Value) is { Success: true } branch)
        {
            var parts = string.Concat(Enumerable.Range(1, 4).Select(i => branch.Groups[i].Success ? branch.Groups[i].Value.Replace('*', 'x').Replace('X', 'x') : ".x"));
            normalized = parts.Replace("x", "9999999", StringComparison.Ordinal) + "-dev";
            return true;
        }

        return false;
    }

    /// <summary>Whether a normalized version is a development version (a branch), served in <c>~dev.json</c>.</summary>
    public static bool IsDev(string normalized) =>
        normalized.StartsWith("dev-", StringComparison.Ordinal) || normalized.EndsWith("-dev", StringComparison.Ordinal);

    /// <summary>
    /// The version as the package lists it: as published, less the <c>v</c> of a tag (<c>v1.2.3</c> is <c>1.2.3</c>),
    /// as GitLab's <c>VersionParserService</c> does.
    /// </summary>
    public static string Pretty(string version)
    {
        var text = version.Trim();
        return text.Length > 1 && text[0] is 'v' or 'V' && char.IsAsciiDigit(text[1]) ? text[1..] : text;
    }

    /// <summary>The version GitLab derives from a branch name: <c>1.x</c> is <c>1.x-dev</c>, <c>2.1</c> is <c>2.1.x-dev</c>, others <c>dev-{branch}</c>.</summary>
    public static string FromBranch(string branch)
    {
        if (BranchPrefix().Match(branch) is { Success: true } match)
        {
            return match.Groups[2].Value == ".x" ? match.Groups[1].Value + "-dev" : match.Groups[1].Value + ".x-dev";
        }

        return "dev-" + branch;
    }

    private static string Part(Group group) => group.Success && group.Value.Length > 0 ? group.Value : ".0";

    private static string WithModifiers(string numeric, Match match)
    {
        var result = numeric;
        if (match.Groups["stability"] is { Success: true, Value: var stability } && stability.Length > 0)
        {
            if (stability.Equals("stable", StringComparison.OrdinalIgnoreCase))
            {
                return result;
            }

            result += "-" + ExpandStability(stability) + match.Groups["number"].Value.TrimStart('.', '-');
        }

        if (match.Groups["dev"].Success && match.Groups["dev"].Value.Length > 0)
        {
            result += "-dev";
        }

        return result;
    }

    private static string ExpandStability(string stability) => stability.ToLowerInvariant() switch
    {
        "a" => "alpha",
        "b" => "beta",
        "p" or "pl" => "patch",
        "rc" => "RC",
        var other => other.ToString(CultureInfo.InvariantCulture),
    };

    // Non-backtracking, like the date form: the modifier's (?:[.-]?\d+)* is a nested quantifier (exponential on a
    // backtracking engine when a long run of digits ends in a stray character).
    [GeneratedRegex(@"\Av?(\d{1,5})(\.\d+)?(\.\d+)?(\.\d+)?" + Modifier + @"\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Classical();

    [GeneratedRegex(@"\Av?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2})" + Modifier + @"\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DateBased();

    [GeneratedRegex(@"\A(.*?)[.-]?dev\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DevSuffix();

    [GeneratedRegex(@"\Av?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Branch();

    [GeneratedRegex(@"\D", RegexOptions.CultureInvariant)]
    private static partial Regex NonDigit();

    [GeneratedRegex(@"\Av?(\d+(\.(?:\d+|x))*(-.+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex BranchPrefix();
}
