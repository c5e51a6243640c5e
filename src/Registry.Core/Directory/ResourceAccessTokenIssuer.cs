using Microsoft.Extensions.Logging;
using Registry.Core.Security;

namespace Registry.Core.Directory;

/// <summary>
/// The use case behind GitLab's project and group access token APIs
/// (https://docs.gitlab.com/ee/api/project_access_tokens.html, https://docs.gitlab.com/ee/api/group_access_tokens.html):
/// issuing, rotating and revoking the tokens of a project's or group's bot users, with GitLab's rules for what may be
/// issued. The caller (the directory API) has checked that the user may manage the project's or group's tokens and
/// passes the role they hold there; the rules here decide what that role may grant.
/// </summary>
/// <remarks>
/// A token works with every package client as a personal access token does, since it is one: that of a bot that is a
/// member of one project or group. Its role there, not its scopes, decides what it may publish or delete.
/// </remarks>
public sealed partial class ResourceAccessTokenIssuer
{
    /// <summary>The scopes GitLab offers for project and group access tokens that this registry knows.</summary>
    public const TokenScopes AllowedScopes = TokenScopes.Api | TokenScopes.ReadApi | TokenScopes.ReadRegistry | TokenScopes.WriteRegistry
        | TokenScopes.ReadRepository | TokenScopes.WriteRepository;

    private readonly IDirectoryAdministration _directory;
    private readonly TimeProvider _time;
    private readonly ILogger<ResourceAccessTokenIssuer> _logger;

    /// <summary>Creates the use case.</summary>
    public ResourceAccessTokenIssuer(IDirectoryAdministration directory, TimeProvider time, ILogger<ResourceAccessTokenIssuer> logger)
    {
        _directory = directory;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Issues a token for a project (<paramref name="projectId"/>) or a group (<paramref name="groupId"/>). Refused,
    /// with GitLab's message, when <paramref name="accessLevel"/> is not a role (Guest to Owner), is above
    /// <paramref name="callerLevel"/> (GitLab: a token cannot be given more than its creator holds there), when the
    /// scopes are empty or not among <see cref="AllowedScopes"/>, or when it would already have expired.
    /// </summary>
    /// <param name="projectId">The project, or null for a group token.</param>
    /// <param name="groupId">The group, or null for a project token.</param>
    /// <param name="name">The token's name, which its bot user also takes.</param>
    /// <param name="scopes">The token's scopes.</param>
    /// <param name="accessLevel">The bot's role in the project or group.</param>
    /// <param name="expiresAt">When the token stops working; null for never.</param>
    /// <param name="callerLevel">The creator's role there (<see cref="AccessLevel.Owner"/> for administrators).</param>
    /// <param name="issuedBy">The creator's user id, for the log.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<ResourceAccessTokenResult> IssueAsync(
        long? projectId,
        long? groupId,
        string name,
        TokenScopes scopes,
        AccessLevel accessLevel,
        DateTimeOffset? expiresAt,
        AccessLevel callerLevel,
        long issuedBy,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (accessLevel is < AccessLevel.Guest or > AccessLevel.Owner || !Enum.IsDefined(accessLevel))
        {
            return Refused("access_level does not have a valid value");
        }

        if (accessLevel > callerLevel)
        {
            // GitLab's ResourceAccessTokens::CreateService words it so.
            return Refused("Access level of the token can't be greater the access level of the user who created the token");
        }

        if (scopes == TokenScopes.None || (scopes & ~AllowedScopes) != 0)
        {
            return Refused($"scopes does not have a valid value; allowed: {string.Join(", ", TokenScopeNames.Format(AllowedScopes))}");
        }

        if (expiresAt is { } expiry && expiry <= _time.GetUtcNow())
        {
            return Refused("Expiration date must be in the future");
        }

        var issued = await _directory.CreateResourceAccessTokenAsync(projectId, groupId, name, scopes, accessLevel, expiresAt, cancellationToken).ConfigureAwait(false);
        LogIssued(_logger, issued.Details.Token.Id, projectId is null ? "group" : "project", projectId ?? groupId ?? 0, (int)accessLevel, issuedBy);
        return new ResourceAccessTokenResult(issued, null);
    }

    /// <summary>Revokes a project or group access token at once; false when it is not one of <paramref name="tokens"/>.</summary>
    /// <param name="tokens">The project's or group's access tokens (<see cref="IDirectoryAdministration.ListResourceAccessTokensAsync"/>).</param>
    /// <param name="tokenId">The token to revoke.</param>
    /// <param name="revokedBy">The user revoking it, for the log.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<bool> RevokeAsync(IReadOnlyList<ResourceAccessToken> tokens, long tokenId, long revokedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!tokens.Any(t => t.Token.Id == tokenId) || !await _directory.RevokeTokenAsync(tokenId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        LogRevoked(_logger, tokenId, revokedBy);
        return true;
    }

    /// <summary>
    /// Rotates an active token of <paramref name="tokens"/>: revokes it and issues its bot a new one expiring at
    /// <paramref name="expiresAt"/> (GitLab's default: a week from now). Null when it is not an active token there.
    /// </summary>
    /// <param name="tokens">The project's or group's access tokens.</param>
    /// <param name="tokenId">The token to rotate.</param>
    /// <param name="expiresAt">When the new token expires; null for GitLab's default of seven days.</param>
    /// <param name="rotatedBy">The user rotating it, for the log.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<IssuedResourceAccessToken?> RotateAsync(IReadOnlyList<ResourceAccessToken> tokens, long tokenId, DateTimeOffset? expiresAt, long rotatedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var now = _time.GetUtcNow();
        if (!tokens.Any(t => t.Token.Id == tokenId && t.Token.IsActiveAt(now)))
        {
            return null;
        }

        var rotated = await _directory.RotateResourceAccessTokenAsync(tokenId, expiresAt ?? now.AddDays(7), cancellationToken).ConfigureAwait(false);
        if (rotated is not null)
        {
            LogRotated(_logger, tokenId, rotated.Details.Token.Id, rotatedBy);
        }

        return rotated;
    }

    private static ResourceAccessTokenResult Refused(string error) => new(null, error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Access token {TokenId} issued for {SourceKind} {SourceId} at access level {AccessLevel} by user {UserId}")]
    private static partial void LogIssued(ILogger logger, long tokenId, string sourceKind, long sourceId, int accessLevel, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Access token {TokenId} revoked by user {UserId}")]
    private static partial void LogRevoked(ILogger logger, long tokenId, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Access token {TokenId} rotated to {NewTokenId} by user {UserId}")]
    private static partial void LogRotated(ILogger logger, long tokenId, long newTokenId, long userId);
}
