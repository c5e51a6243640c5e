using System.Text.RegularExpressions;

namespace Registry.Formats.Helm;

/// <summary>
/// GitLab's rules for Helm names (<c>Gitlab::Regex.helm_channel_regex</c>, <c>helm_package_regex</c>,
/// <c>helm_version_regex</c>): channels and chart names are letters and digits, single <c>.</c>, <c>-</c> or <c>_</c>
/// between them, at most 255 of each; versions are SemVer 2.0 (https://semver.org/#spec-item-2) with an optional <c>v</c>.
/// </summary>
internal static partial class HelmNames
{
    /// <summary>Whether <paramref name="channel"/> is a valid channel (a path segment).</summary>
    public static bool IsChannel(string? channel) => channel is not null && Segment().IsMatch(channel);

    /// <summary>Whether <paramref name="name"/> is a valid chart name.</summary>
    public static bool IsChartName(string? name) => name is not null && Segment().IsMatch(name);

    /// <summary>Whether <paramref name="version"/> is SemVer 2.0, optionally after a <c>v</c>.</summary>
    public static bool IsVersion(string? version) => version is not null && Version().IsMatch(version);

    /// <summary>The file name a chart version is stored and served under, as Helm's <c>helm package</c> writes it.</summary>
    public static string ChartFileName(string name, string version) => $"{name}-{version}.tgz";

    /// <summary>Every (name, version) a chart file name stem (<c>my-chart-1.0.0-rc.1</c>) may stand for.</summary>
    public static IEnumerable<(string Name, string Version)> Candidates(string stem)
    {
        for (var at = stem.IndexOf('-', StringComparison.Ordinal); at > 0; at = stem.IndexOf('-', at + 1))
        {
            var (name, version) = (stem[..at], stem[(at + 1)..]);
            if (IsChartName(name) && IsVersion(version))
            {
                yield return (name, version);
            }
        }
    }

    // GitLab's \A([a-zA-Z0-9](\.|-|_)?){1,255}(?<!\.|-|_)\z, written without the look-behind so it runs non-backtracking.
    [GeneratedRegex(@"\A[a-zA-Z0-9](?:[._-]?[a-zA-Z0-9]){0,254}\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Segment();

    [GeneratedRegex(
        @"\Av?(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:-(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?\z",
        RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Version();
}
