using System.Text.RegularExpressions;
using Registry.Core.Directory;

namespace Registry.Formats.Api;

/// <summary>GitLab's rule for a user name or a group or project path segment.</summary>
internal static partial class DirectoryPaths
{
    public static bool IsValidSegment(string segment) => DirectoryPathSegment.IsValid(segment);

    /// <summary>The path GitLab derives from a name when none is given: lowercase, runs of other characters become '-'.</summary>
    public static string FromName(string name) => NotPathCharacters().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-', '.');

    [GeneratedRegex(@"[^a-z0-9_.\-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotPathCharacters();
}
