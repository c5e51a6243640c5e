using System.Text.RegularExpressions;

namespace Registry.Core.Cleanup;

/// <summary>
/// A cleanup policy's version pattern, which a project Maintainer types and is therefore untrusted: compiled with
/// <see cref="RegexOptions.NonBacktracking"/> (linear in the version's length, so no catastrophic backtracking) and a
/// match timeout as a second guard. Unanchored and case-insensitive, as Gitea's; anchor it (<c>^1\.</c>) to match a prefix.
/// </summary>
public static class CleanupVersionPattern
{
    /// <summary>The longest pattern accepted.</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// How long one match may take before the version is kept: a second guard only (the engine is linear already), so
    /// generous enough that a thread descheduled on a loaded host does not turn an ordinary match into a keep.
    /// </summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The compiled pattern; throws <see cref="ArgumentException"/> for one <see cref="ValidationErrorOrNull"/> refuses.</summary>
    public static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>Why <paramref name="pattern"/> cannot be a version pattern (naming <paramref name="field"/>), or null when it can.</summary>
    public static string? ValidationErrorOrNull(string field, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > MaxLength)
        {
            return $"{field} is too long (maximum is {MaxLength} characters)";
        }

        try
        {
            _ = Compile(pattern);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            // NonBacktracking refuses backreferences, lookarounds and atomic groups with NotSupportedException.
            return $"{field} is not a valid regular expression: {ex.Message}";
        }
    }

    /// <summary>Whether <paramref name="version"/> matches; null when the match timed out.</summary>
    internal static bool? MatchOrNull(Regex pattern, string version)
    {
        try
        {
            return pattern.IsMatch(version);
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
