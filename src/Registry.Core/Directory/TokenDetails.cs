using Registry.Core.Security;

namespace Registry.Core.Directory;

/// <summary>
/// What GitLab's token listings show of an issued personal access token or deploy token; never the token itself,
/// which is stored only as a hash.
/// </summary>
/// <param name="Id">The token's id (one id space for every kind).</param>
/// <param name="Name">The name given at creation.</param>
/// <param name="Scopes">The scopes it was issued with.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working, or null for never.</param>
/// <param name="RevokedAt">When it was revoked, or null.</param>
/// <param name="Owner">The user, project or group it belongs to.</param>
public sealed record TokenDetails(long Id, string Name, TokenScopes Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, TokenOwner Owner)
{
    /// <summary>Whether the token still authenticates at <paramref name="now"/>: neither revoked nor expired.</summary>
    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && !IsExpiredAt(now);

    /// <summary>Whether the token's expiry has passed at <paramref name="now"/>.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiry && now >= expiry;
}
