namespace Registry.Core.Storage;

/// <summary>
/// Checks blob keys (<see cref="IBlobStore"/>) before they become paths or object names: every blob store applies
/// the same rule, a SHA-256 of the content as 64 lowercase hex characters.
/// </summary>
public static class BlobKey
{
    /// <summary>A SHA-256 in hex.</summary>
    public const int Length = 64;

    /// <summary>
    /// Throws unless <paramref name="key"/> is exactly 64 lowercase hex characters. Being this strict is what keeps
    /// keys such as <c>../x</c> or rooted paths from ever reaching the file system, and it keeps one blob under one
    /// name on case-insensitive volumes.
    /// </summary>
    public static void Validate(string key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (!IsValid(key))
        {
            throw new ArgumentException("A blob key must be a SHA-256 as exactly 64 lowercase hex characters.", paramName);
        }
    }

    /// <summary>Whether <paramref name="value"/> is 64 lowercase hex characters.</summary>
    public static bool IsValid(string value) => value is { Length: Length } && IsLowerHex(value);

    /// <summary>Whether every character of <paramref name="value"/> is 0-9 or a-f.</summary>
    public static bool IsLowerHex(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
