using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Registry.Storage.Relational;

/// <summary>Generates token texts and the hashes that are the only thing stored of them.</summary>
internal static class TokenSecrets
{
    /// <summary>GitLab's prefix of personal access tokens, which secret scanners recognise.</summary>
    public const string PersonalAccessTokenPrefix = "glpat-";

    /// <summary>GitLab's prefix of deploy tokens.</summary>
    public const string DeployTokenPrefix = "gldt-";

    /// <summary>GitLab's prefix of CI job tokens.</summary>
    public const string JobTokenPrefix = "glcbt-";

    /// <summary>Longer texts are refused before hashing; no issued token comes near it.</summary>
    public const int MaxLength = 1024;

    private const int RandomBytes = 32;

    /// <summary>A new random token: the prefix and 32 random bytes, base64url.</summary>
    public static string Generate(string prefix)
    {
        Span<byte> secret = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(secret);
        return prefix + Base64Url.EncodeToString(secret);
    }

    /// <summary>The SHA-256 of the token's UTF-8 bytes. Tokens carry 256 random bits, so an unsalted fast hash is enough.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>The hash as stored: lowercase hex.</summary>
    public static string ToStored(byte[] hash) => Convert.ToHexStringLower(hash);

    /// <summary>Compares a computed hash with a stored one in constant time.</summary>
    public static bool Matches(byte[] hash, string stored)
    {
        var storedBytes = Convert.FromHexString(stored);
        return CryptographicOperations.FixedTimeEquals(hash, storedBytes);
    }
}
