namespace Registry.Core.Protection;

/// <summary>
/// A protection rule's name pattern: <c>*</c> matches any run of characters (none included), everything else itself,
/// ignoring case, as GitLab's <c>package_name ILIKE</c> glob does. Matched here rather than in SQL so that every
/// database agrees (SQLite has no ILIKE) and no character of a name is read as a wildcard.
/// </summary>
public static class PackageNamePattern
{
    /// <summary>The longest pattern GitLab stores.</summary>
    public const int MaxLength = 255;

    /// <summary>Whether <paramref name="name"/> matches <paramref name="pattern"/> as a whole.</summary>
    /// <remarks>
    /// The classic wildcard walk: on a mismatch it resumes after the last <c>*</c>, one character further into the
    /// name, so it never backtracks past that star and runs in at most pattern × name steps.
    /// </remarks>
    public static bool IsMatch(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && SameLetter(pattern[p], name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>Why <paramref name="pattern"/> cannot be a rule's pattern (GitLab's validation words), or null when it can.</summary>
    public static string? ValidationErrorOrNull(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "Package name pattern can't be blank";
        }

        if (pattern.Length > MaxLength)
        {
            return $"Package name pattern is too long (maximum is {MaxLength} characters)";
        }

        return pattern.Any(static c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? "Package name pattern should be a package name with optional wildcard characters, without spaces."
            : null;
    }

    private static bool SameLetter(char a, char b) => a == b || char.ToUpperInvariant(a) == char.ToUpperInvariant(b);
}
