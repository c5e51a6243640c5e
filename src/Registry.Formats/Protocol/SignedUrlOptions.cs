namespace Registry.Formats.Protocol;

/// <summary>
/// Settings of the registry's signed download grants, bound from <c>PackageRegistry:SignedUrls</c>: URLs that carry
/// their own short-lived permission for one file, for clients that fetch without credentials (Terraform fetches the
/// <c>X-Terraform-Get</c> address with no token: https://developer.hashicorp.com/terraform/internals/module-registry-protocol#download-source-code-for-a-specific-module-version).
/// </summary>
public sealed class SignedUrlOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:SignedUrls";

    /// <summary>
    /// The HMAC-SHA256 key, base64, of at least 32 bytes (<c>PackageRegistry:SignedUrls:Key</c>, for example the output of
    /// <c>openssl rand -base64 32</c>). Every host that shares the metadata database must have the same key, so that a
    /// URL signed by one host is honoured by another; changing it voids every URL handed out.
    /// </summary>
    public string? Key { get; set; }

    /// <summary>How long a signed URL stays valid, in seconds (<c>PackageRegistry:SignedUrls:LifetimeSeconds</c>); 300 by default, at most 3600.</summary>
    public int LifetimeSeconds { get; set; } = 300;

    /// <summary>The shortest key accepted, in bytes (the HMAC-SHA256 output size).</summary>
    internal const int MinKeyBytes = 32;

    /// <summary>The longest lifetime accepted: a grant is for a client fetching right away, not a share link.</summary>
    internal const int MaxLifetimeSeconds = 3600;

    /// <summary>The key's bytes; null when it is missing or not base64.</summary>
    internal byte[]? KeyBytesOrNull()
    {
        if (string.IsNullOrWhiteSpace(Key))
        {
            return null;
        }

        var buffer = new byte[Key.Length];
        return Convert.TryFromBase64String(Key.Trim(), buffer, out var written) ? buffer[..written] : null;
    }
}
