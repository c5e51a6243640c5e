using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Registry.Core.Directory;

/// <summary>
/// GitLab's rule for a username or one segment of a group or project path: letters, digits, '_', '-' and '.', not
/// starting with '-' or '.', not ending in <c>.git</c> or <c>.atom</c>, at most 255 characters.
/// </summary>
public static partial class DirectoryPathSegment
{
    /// <summary>Whether <paramref name="segment"/> is a valid username or path segment.</summary>
    public static bool IsValid([NotNullWhen(true)] string? segment) =>
        segment is { Length: > 0 and <= 255 }
        && Segment().IsMatch(segment)
        && !segment.EndsWith(".git", StringComparison.OrdinalIgnoreCase)
        && !segment.EndsWith(".atom", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.\-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Segment();
}
