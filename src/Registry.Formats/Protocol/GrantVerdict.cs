namespace Registry.Formats.Protocol;

/// <summary>What <see cref="SignedGrants.Verify"/> found.</summary>
internal enum GrantVerdict
{
    /// <summary>Signed by this registry for this purpose and resource, and not expired.</summary>
    Valid,
    /// <summary>No grant in the request.</summary>
    Missing,
    /// <summary>Not a grant's shape.</summary>
    Malformed,
    /// <summary>The signature does not cover this purpose, resource, subject and expiry: tampered with, or for another file.</summary>
    Forged,
    /// <summary>Genuine, but past its expiry.</summary>
    Expired,
}
