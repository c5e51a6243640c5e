namespace Registry.Core.Storage;

/// <summary>
/// The one rule for blob keys (<see cref="IBlobStore"/>): a SHA-256 of the content as 64 lowercase hex characters.
/// Every blob store checks keys with it before they become paths or object names, so that all stores accept the same keys.
/// </summary>
public static class BlobKey
{
    /// <summary>The length of a key: a SHA-256 in hex.</summary>
    public const int Length = 64;

    /// <summary>
    /// Throws unless <paramref name="key"/> is exactly 64 lowercase hex characters. Being this strict is what keeps
    /// keys such as <c>../x</c> or rooted paths from ever reaching the file system, and it keeps one blob under one
    /// name on case-insensitive volumes.
    /// </summary>
    /// <param name="key">The key to check.</param>
    /// <param name="paramName">The parameter name reported by the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 64 lowercase hex characters.</exception>
    public static void Validate(string key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (!IsValid(key))
        {
            throw new ArgumentException("A blob key must be a SHA-256 as exactly 64 lowercase hex characters.", paramName);
        }
    }

    /// <summary>Whether <paramref name="value"/> is 64 lowercase hex characters.</summary>
    /// <param name="value">The candidate key.</param>
    /// <returns>True for a valid key.</returns>
    public static bool IsValid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == Length && IsLowerHex(value);
    }

    /// <summary>Whether every character of <paramref name="value"/> is 0-9 or a-f (a store's fan-out folder names, say).</summary>
    /// <param name="value">The characters to check.</param>
    /// <returns>True when all are lowercase hex digits (also for an empty span).</returns>
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
