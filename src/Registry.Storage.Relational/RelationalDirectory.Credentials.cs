using System.Data.Common;
using Registry.Core.Security;

namespace Registry.Storage.Relational;

/// <summary>Token validation (<see cref="ICredentialValidator"/>): a hash lookup, then a constant-time comparison.</summary>
internal sealed partial class RelationalDirectory
{
    /// <inheritdoc />
    public async Task<RegistryPrincipal?> ValidateOrNullAsync(string token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > TokenSecrets.MaxLength)
        {
            return null;
        }

        var hash = TokenSecrets.Hash(token);
        var stored = TokenSecrets.ToStored(hash);
        var credential = await database.Revisions.GetOrLoadAsync(
            new CredentialKey(stored),
            () => FindCredentialAsync(hash, stored, cancellationToken),
            cancellationToken).ConfigureAwait(false);

        // Expiry is a matter of time, not of rows, so it is checked on every use, cached or not.
        return credential is null || IsExpired(credential.ExpiresAt, Now()) ? null : credential.Principal;
    }

    private async Task<Credential?> FindCredentialAsync(byte[] hash, string stored, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // Preset personal access tokens may have any text, so the prefix is not trusted to pick the table.
            return await FindPersonalAccessTokenAsync(connection, hash, stored, cancellationToken).ConfigureAwait(false)
                ?? await FindDeployTokenAsync(connection, hash, stored, cancellationToken).ConfigureAwait(false)
                ?? await FindJobTokenAsync(connection, hash, stored, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<Credential?> FindPersonalAccessTokenAsync(DbConnection connection, byte[] hash, string stored, CancellationToken cancellationToken)
    {
        var row = await connection.FirstOrDefaultAsync(
            null,
            """
            SELECT t.token_sha256, t.scopes, t.expires_at, t.revoked_at, u.id, u.username, u.is_admin, t.id
            FROM personal_access_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_sha256 = @hash
            """,
            static r => new
            {
                Hash = r.GetString(0),
                Scopes = (TokenScopes)r.GetInt32(1),
                ExpiresAt = r.GetInt64OrNull(2),
                RevokedAt = r.GetInt64OrNull(3),
                UserId = r.GetInt64(4),
                Username = r.GetString(5),
                IsAdmin = r.GetBoolean(6),
                TokenId = r.GetInt64(7),
            },
            cancellationToken,
            ("@hash", stored)).ConfigureAwait(false);
        if (row is null || !TokenSecrets.Matches(hash, row.Hash) || row.RevokedAt is not null)
        {
            return null;
        }

        return new Credential(
            new RegistryPrincipal
            {
                Kind = PrincipalKind.User,
                UserId = row.UserId,
                TokenId = row.TokenId,
                DisplayName = row.Username,
                IsAdmin = row.IsAdmin,
                Scopes = row.Scopes,
            },
            row.ExpiresAt);
    }

    private static async Task<Credential?> FindDeployTokenAsync(DbConnection connection, byte[] hash, string stored, CancellationToken cancellationToken)
    {
        var row = await connection.FirstOrDefaultAsync(
            null,
            "SELECT token_sha256, scopes, expires_at, revoked_at, name, project_id, group_id FROM deploy_tokens WHERE token_sha256 = @hash",
            static r => new
            {
                Hash = r.GetString(0),
                Scopes = (TokenScopes)r.GetInt32(1),
                ExpiresAt = r.GetInt64OrNull(2),
                RevokedAt = r.GetInt64OrNull(3),
                Name = r.GetString(4),
                ProjectId = r.GetInt64OrNull(5),
                GroupId = r.GetInt64OrNull(6),
            },
            cancellationToken,
            ("@hash", stored)).ConfigureAwait(false);
        if (row is null || !TokenSecrets.Matches(hash, row.Hash) || row.RevokedAt is not null)
        {
            return null;
        }

        return new Credential(
            new RegistryPrincipal
            {
                Kind = PrincipalKind.DeployToken,
                DisplayName = row.Name,
                // Issuing already refuses other scopes; masking again guards rows written by anything else.
                Scopes = row.Scopes & (TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry),
                DeployTokenProjectId = row.ProjectId,
                DeployTokenGroupId = row.GroupId,
            },
            row.ExpiresAt);
    }

    private static async Task<Credential?> FindJobTokenAsync(DbConnection connection, byte[] hash, string stored, CancellationToken cancellationToken)
    {
        var row = await connection.FirstOrDefaultAsync(
            null,
            """
            SELECT j.token_sha256, j.finished_at, j.revoked_at, j.id, j.project_id, j.pipeline_id, j.ref, j.commit_sha, u.id, u.username, u.is_admin
            FROM ci_jobs j JOIN users u ON u.id = j.user_id
            WHERE j.token_sha256 = @hash
            """,
            static r => new
            {
                Hash = r.GetString(0),
                FinishedAt = r.GetInt64OrNull(1),
                RevokedAt = r.GetInt64OrNull(2),
                Job = new JobContext(r.GetInt64(3), r.GetInt64(4), r.GetInt64OrNull(5), r.GetStringOrNull(6), r.GetStringOrNull(7)),
                UserId = r.GetInt64(8),
                Username = r.GetString(9),
                IsAdmin = r.GetBoolean(10),
            },
            cancellationToken,
            ("@hash", stored)).ConfigureAwait(false);
        if (row is null || !TokenSecrets.Matches(hash, row.Hash) || row.FinishedAt is not null || row.RevokedAt is not null)
        {
            return null;
        }

        return new Credential(
            new RegistryPrincipal
            {
                Kind = PrincipalKind.JobToken,
                UserId = row.UserId,
                DisplayName = row.Username,
                IsAdmin = row.IsAdmin,
                Scopes = TokenScopes.Api,
                Job = row.Job,
            },
            ExpiresAt: null);
    }

    private static bool IsExpired(long? expiresAt, long now) => expiresAt is { } expiry && now >= expiry;

    /// <summary>A token's principal, as long as the token has not expired (revoked and finished ones have none).</summary>
    private sealed record Credential(RegistryPrincipal Principal, long? ExpiresAt);

    /// <summary>The cache key of a token: its stored hash, so the token itself is never kept.</summary>
    private sealed record CredentialKey(string StoredHash);
}
