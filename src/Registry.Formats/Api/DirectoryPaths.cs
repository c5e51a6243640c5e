using System.Text.RegularExpressions;

namespace Registry.Formats.Api;

/// <summary>GitLab's rule for a user name or a group or project path segment.</summary>
internal static partial class DirectoryPaths
{
    public static bool IsValidSegment(string segment) =>
        segment.Length <= 255
        && Segment().IsMatch(segment)
        && !segment.EndsWith(".git", StringComparison.OrdinalIgnoreCase)
        && !segment.EndsWith(".atom", StringComparison.OrdinalIgnoreCase);

    /// <summary>The path GitLab derives from a name when none is given: lowercase, runs of other characters become '-'.</summary>
    public static string FromName(string name) => NotPathCharacters().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-', '.');

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.\-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();

    [GeneratedRegex(@"[^a-z0-9_.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotPathCharacters();
}
