using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Registry.Formats.Protocol;

/// <summary>
/// Short-lived, single-purpose permissions that travel inside a URL, for clients that fetch without credentials
/// (Terraform's <c>X-Terraform-Get</c>). A grant is <c>{subject}.{expires}.{mac}</c>: the subject is what the format
/// needs to find the thing (ids, in clear), the expiry is Unix seconds, and the HMAC-SHA256 (key from
/// <see cref="SignedUrlOptions"/>, shared by every host) covers the purpose, the resource (what the URL names: its path
/// values), the subject and the expiry, so a grant is refused for another purpose, another file, a changed subject or
/// after it expires. It never holds the caller's token.
/// </summary>
internal sealed class SignedGrants(IOptionsMonitor<SignedUrlOptions> options, TimeProvider time)
{
    private const int MaxTokenLength = 512;

    /// <summary>A grant for <paramref name="purpose"/> on <paramref name="resource"/>, carrying <paramref name="subject"/> ([A-Za-z0-9_-]+).</summary>
    public string Issue(string purpose, string resource, string subject)
    {
        if (subject.Length == 0 || !subject.All(IsSubjectChar))
        {
            throw new ArgumentException("A grant's subject holds only letters, digits, '-' and '_'.", nameof(subject));
        }

        var current = options.CurrentValue;
        var expires = time.GetUtcNow().ToUnixTimeSeconds() + current.LifetimeSeconds;
        var expiresText = expires.ToString(CultureInfo.InvariantCulture);
        return $"{subject}.{expiresText}.{Base64Url.EncodeToString(Mac(Key(current), purpose, resource, subject, expiresText))}";
    }

    /// <summary>Checks a grant for <paramref name="purpose"/> on <paramref name="resource"/>; on <see cref="GrantVerdict.Valid"/>, its subject.</summary>
    public GrantVerdict Verify(string purpose, string resource, string? token, out string subject)
    {
        subject = string.Empty;
        if (string.IsNullOrEmpty(token))
        {
            return GrantVerdict.Missing;
        }

        var parts = token.Split('.');
        if (token.Length > MaxTokenLength || parts.Length != 3 || parts[0].Length == 0 || !parts[0].All(IsSubjectChar)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !Base64Url.IsValid(parts[2]))
        {
            return GrantVerdict.Malformed;
        }

        var expected = Mac(Key(options.CurrentValue), purpose, resource, parts[0], parts[1]);
        if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
        {
            return GrantVerdict.Forged;
        }

        if (time.GetUtcNow().ToUnixTimeSeconds() >= expires)
        {
            return GrantVerdict.Expired;
        }

        subject = parts[0];
        return GrantVerdict.Valid;
    }

    private static byte[] Key(SignedUrlOptions current) =>
        current.KeyBytesOrNull() ?? throw new InvalidOperationException("PackageRegistry:SignedUrls:Key is not set (the options validator reports it at start).");

    private static byte[] Mac(byte[] key, string purpose, string resource, string subject, string expires) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{purpose}\n{resource}\n{subject}\n{expires}"));

    private static bool IsSubjectChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
