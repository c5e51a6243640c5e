using System.Data.Common;
using System.Security.Cryptography;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Storage.Relational;

/// <summary>
/// Project and group access tokens (<see cref="IDirectoryAdministration.CreateResourceAccessTokenAsync"/>), stored as
/// GitLab stores them: a bot user (<c>user_type</c> 6), its membership in the one project or group, and its personal
/// access token. Validation needs nothing of its own: the token is a personal access token, the bot a member.
/// </summary>
internal sealed partial class RelationalDirectory
{
    private const TokenScopes ResourceTokenScopes = ResourceAccessTokenIssuer.AllowedScopes;

    /// <summary>The columns <see cref="ReadResourceToken"/> reads: the token, its bot and the bot's role.</summary>
    private const string ResourceTokenColumns =
        "t.id, t.name, t.scopes, t.created_at, t.expires_at, t.revoked_at, u.id, u.username, u.name, m.access_level, m.project_id, m.group_id";

    /// <inheritdoc />
    public async Task<IssuedResourceAccessToken> CreateResourceAccessTokenAsync(long? projectId, long? groupId, string name, TokenScopes scopes, AccessLevel accessLevel, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var (column, sourceId) = Source(projectId, groupId);
        ValidateScopes(scopes, ResourceTokenScopes, nameof(scopes));
        if (accessLevel is < AccessLevel.Guest or > AccessLevel.Owner || !Enum.IsDefined(accessLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(accessLevel), accessLevel, "An access token's role is Guest to Owner.");
        }

        // GitLab's bot user names: project_<id>_bot_<random hex>, group_<id>_bot_<random hex>.
        var username = $"{(projectId is null ? "group" : "project")}_{sourceId}_bot_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        var token = TokenSecrets.Generate(TokenSecrets.PersonalAccessTokenPrefix);
        var now = Now();
        var issued = await database.WriteAsync(
            async (connection, transaction) =>
            {
                await RequireAsync(connection, transaction, projectId is null ? "groups" : "projects", sourceId, column, cancellationToken).ConfigureAwait(false);
                var userId = await connection.ScalarInt64Async(
                    transaction,
                    "INSERT INTO users (username, name, is_admin, user_type, created_at) VALUES (@username, @name, FALSE, @user_type, @created_at) RETURNING id",
                    cancellationToken,
                    ("@username", username),
                    ("@name", name),
                    ("@user_type", DirectoryRows.ProjectBotUserType),
                    ("@created_at", now)).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    transaction,
                    $"INSERT INTO members ({column}, user_id, access_level) VALUES (@source_id, @user_id, @access_level)",
                    cancellationToken,
                    ("@source_id", sourceId),
                    ("@user_id", userId),
                    ("@access_level", (int)accessLevel)).ConfigureAwait(false);
                var bot = new User { Id = userId, Username = username, Name = name, IsBot = true };
                return await InsertBotTokenAsync(connection, transaction, bot, name, scopes, accessLevel, projectId, groupId, token, expiresAt, now, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        RelationalLog.TokenIssued(_logger, "access token", issued.Details.Token.Id);
        return issued;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ResourceAccessToken>> ListResourceAccessTokensAsync(long? projectId, long? groupId, CancellationToken cancellationToken)
    {
        var (column, id) = Source(projectId, groupId);
        return await database.ListAsync(
            $"""
            SELECT {ResourceTokenColumns}
            FROM members m JOIN users u ON u.id = m.user_id JOIN personal_access_tokens t ON t.user_id = u.id
            WHERE m.{column} = @id AND u.user_type = @user_type
            ORDER BY t.id
            """,
            ReadResourceToken,
            cancellationToken,
            ("@id", id),
            ("@user_type", DirectoryRows.ProjectBotUserType)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IssuedResourceAccessToken?> RotateResourceAccessTokenAsync(long tokenId, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        var token = TokenSecrets.Generate(TokenSecrets.PersonalAccessTokenPrefix);
        var now = Now();
        var rotated = await database.WriteAsync(
            async (connection, transaction) =>
            {
                var current = await connection.FirstOrDefaultAsync(
                    transaction,
                    $"""
                    SELECT {ResourceTokenColumns}
                    FROM personal_access_tokens t JOIN users u ON u.id = t.user_id JOIN members m ON m.user_id = u.id
                    WHERE t.id = @id AND u.user_type = @user_type AND t.revoked_at IS NULL
                    """,
                    ReadResourceToken,
                    cancellationToken,
                    ("@id", tokenId),
                    ("@user_type", DirectoryRows.ProjectBotUserType)).ConfigureAwait(false);
                if (current is null || current.Token.IsExpiredAt(DateTimeOffset.FromUnixTimeMilliseconds(now)))
                {
                    return null;
                }

                await connection.ExecuteAsync(
                    transaction,
                    "UPDATE personal_access_tokens SET revoked_at = @now WHERE id = @id",
                    cancellationToken,
                    ("@now", now),
                    ("@id", tokenId)).ConfigureAwait(false);
                var owner = current.Token.Owner;
                return await InsertBotTokenAsync(
                    connection, transaction, current.Bot, current.Token.Name, current.Token.Scopes, current.AccessLevel, owner.ProjectId, owner.GroupId, token, expiresAt, now, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        if (rotated is not null)
        {
            RelationalLog.TokenRevoked(_logger, tokenId);
            RelationalLog.TokenIssued(_logger, "access token", rotated.Details.Token.Id);
        }

        return rotated;
    }

    /// <summary>
    /// Removes the bots of a project (<paramref name="column"/> <c>project_id</c>) or group (<c>group_id</c>) being
    /// deleted, with their tokens, so that no orphaned bot keeps a token or shows up as a user.
    /// </summary>
    private static async Task DeleteBotsAsync(DbConnection connection, DbTransaction transaction, string column, long id, CancellationToken cancellationToken)
    {
        var bots = await connection.ListAsync(
            transaction,
            $"SELECT m.user_id FROM members m JOIN users u ON u.id = m.user_id WHERE m.{column} = @id AND u.user_type = @user_type",
            static r => r.GetInt64(0),
            cancellationToken,
            ("@id", id),
            ("@user_type", DirectoryRows.ProjectBotUserType)).ConfigureAwait(false);
        foreach (var bot in bots)
        {
            await ExecuteEachAsync(
                connection,
                transaction,
                bot,
                ["DELETE FROM personal_access_tokens WHERE user_id = @id", "DELETE FROM ci_jobs WHERE user_id = @id", "DELETE FROM members WHERE user_id = @id", "DELETE FROM users WHERE id = @id"],
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<IssuedResourceAccessToken> InsertBotTokenAsync(
        DbConnection connection,
        DbTransaction transaction,
        User bot,
        string name,
        TokenScopes scopes,
        AccessLevel accessLevel,
        long? projectId,
        long? groupId,
        string token,
        DateTimeOffset? expiresAt,
        long now,
        CancellationToken cancellationToken)
    {
        var id = await InsertPersonalAccessTokenAsync(
            connection, transaction, bot.Id, name, TokenSecrets.ToStored(TokenSecrets.Hash(token)), scopes, expiresAt, now, cancellationToken).ConfigureAwait(false);
        var details = new TokenDetails(
            id,
            name,
            scopes,
            DateTimeOffset.FromUnixTimeMilliseconds(now),
            expiresAt is { } expiry ? DateTimeOffset.FromUnixTimeMilliseconds(expiry.ToUnixMs()) : null,
            null,
            new TokenOwner(id, PrincipalKind.User, bot.Id, projectId, groupId));
        return new IssuedResourceAccessToken(token, new ResourceAccessToken(details, bot, accessLevel));
    }

    private static ResourceAccessToken ReadResourceToken(DbDataReader r)
    {
        var bot = new User { Id = r.GetInt64(6), Username = r.GetString(7), Name = r.GetString(8), IsBot = true };
        var owner = new TokenOwner(r.GetInt64(0), PrincipalKind.User, bot.Id, r.GetInt64OrNull(10), r.GetInt64OrNull(11));
        return new ResourceAccessToken(ReadToken(r, owner), bot, (AccessLevel)r.GetInt32(9));
    }
}
