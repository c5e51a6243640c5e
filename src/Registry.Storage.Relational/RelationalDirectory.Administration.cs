using System.Data.Common;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Storage.Relational;

/// <summary>The embedded directory's writes (<see cref="IDirectoryAdministration"/>).</summary>
internal sealed partial class RelationalDirectory
{
    private const TokenScopes AllScopes = TokenScopes.Api | TokenScopes.ReadApi | TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry;
    private const TokenScopes DeployTokenScopes = TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry;

    /// <inheritdoc />
    public async Task<User?> TryCreateUserAsync(string username, string name, bool isAdmin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        ArgumentNullException.ThrowIfNull(name);
        var id = await database.ScalarAsync(
            """
            INSERT INTO users (username, name, is_admin, created_at) VALUES (@username, @name, @is_admin, @created_at)
            ON CONFLICT (username) DO NOTHING
            RETURNING id
            """,
            cancellationToken,
            ("@username", username),
            ("@name", name),
            ("@is_admin", isAdmin),
            ("@created_at", Now())).ConfigureAwait(false);
        return id is null ? null : new User { Id = (long)id, Username = username, Name = name, IsAdmin = isAdmin };
    }

    /// <inheritdoc />
    public async Task<User?> FindUserOrNullAsync(string idOrUsername, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrUsername);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var (where, parameter) = ByIdOrPath(idOrUsername, "username");
            return await connection.FirstOrDefaultAsync(
                null,
                $"SELECT {DirectoryRows.UserColumns} FROM users WHERE {where}",
                DirectoryRows.ReadUser,
                cancellationToken,
                parameter).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<Group?> TryCreateGroupAsync(string name, string path, long? parentId, ProjectVisibility visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ValidatePathSegment(path);
        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                var fullPath = path;
                if (parentId is { } parent)
                {
                    var parentPath = await FullPathOfAsync(connection, transaction, "groups", parent, cancellationToken).ConfigureAwait(false)
                        ?? throw new ArgumentException($"There is no group {parent}.", nameof(parentId));
                    fullPath = parentPath + "/" + path;
                }

                var id = await connection.ScalarAsync(
                    transaction,
                    """
                    INSERT INTO groups (parent_id, name, path, full_path, visibility, created_at)
                    VALUES (@parent_id, @name, @path, @full_path, @visibility, @created_at)
                    ON CONFLICT (full_path) DO NOTHING
                    RETURNING id
                    """,
                    cancellationToken,
                    ("@parent_id", parentId),
                    ("@name", name),
                    ("@path", path),
                    ("@full_path", fullPath),
                    ("@visibility", (int)visibility),
                    ("@created_at", Now())).ConfigureAwait(false);
                return id is null
                    ? null
                    : new Group { Id = (long)id, ParentId = parentId, Name = name, Path = path, FullPath = fullPath, Visibility = visibility };
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Project?> TryCreateProjectAsync(string name, string path, long groupId, ProjectVisibility visibility, PackageRegistryAccessLevel accessLevel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ValidatePathSegment(path);
        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                var groupPath = await FullPathOfAsync(connection, transaction, "groups", groupId, cancellationToken).ConfigureAwait(false)
                    ?? throw new ArgumentException($"There is no group {groupId}.", nameof(groupId));
                var fullPath = groupPath + "/" + path;
                var id = await connection.ScalarAsync(
                    transaction,
                    """
                    INSERT INTO projects (group_id, name, path, full_path, visibility, package_registry_access_level, created_at)
                    VALUES (@group_id, @name, @path, @full_path, @visibility, @access_level, @created_at)
                    ON CONFLICT (full_path) DO NOTHING
                    RETURNING id
                    """,
                    cancellationToken,
                    ("@group_id", groupId),
                    ("@name", name),
                    ("@path", path),
                    ("@full_path", fullPath),
                    ("@visibility", (int)visibility),
                    ("@access_level", (int)accessLevel),
                    ("@created_at", Now())).ConfigureAwait(false);
                if (id is null)
                {
                    return null;
                }

                var project = new Project
                {
                    Id = (long)id,
                    GroupId = groupId,
                    AncestorGroupIds = [],
                    Name = name,
                    Path = path,
                    FullPath = fullPath,
                    Visibility = visibility,
                    PackageRegistryAccessLevel = accessLevel,
                };
                project = await WithAncestorsAsync(connection, transaction, project, cancellationToken).ConfigureAwait(false);
                return project;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Project?> UpdateProjectAsync(long projectId, ProjectVisibility? visibility, PackageRegistryAccessLevel? accessLevel, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // CAST gives PostgreSQL a type for a NULL parameter inside COALESCE.
            var changed = await connection.ExecuteAsync(
                null,
                """
                UPDATE projects SET
                    visibility = COALESCE(CAST(@visibility AS INTEGER), visibility),
                    package_registry_access_level = COALESCE(CAST(@access_level AS INTEGER), package_registry_access_level)
                WHERE id = @id
                """,
                cancellationToken,
                ("@visibility", (int?)visibility),
                ("@access_level", (int?)accessLevel),
                ("@id", projectId)).ConfigureAwait(false);
            if (changed == 0)
            {
                return null;
            }
        }

        return await FindProjectOrNullAsync(projectId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task SetProjectMemberAsync(long projectId, long userId, AccessLevel accessLevel, CancellationToken cancellationToken) =>
        SetMemberAsync("projects", "project_id", projectId, userId, accessLevel, cancellationToken);

    /// <inheritdoc />
    public Task SetGroupMemberAsync(long groupId, long userId, AccessLevel accessLevel, CancellationToken cancellationToken) =>
        SetMemberAsync("groups", "group_id", groupId, userId, accessLevel, cancellationToken);

    /// <inheritdoc />
    public async Task<IssuedToken> CreatePersonalAccessTokenAsync(long userId, string name, TokenScopes scopes, DateTimeOffset? expiresAt, string? presetToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ValidateScopes(scopes, AllScopes, nameof(scopes));
        if (presetToken is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(presetToken);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(presetToken.Length, TokenSecrets.MaxLength, nameof(presetToken));
        }

        var token = presetToken ?? TokenSecrets.Generate(TokenSecrets.PersonalAccessTokenPrefix);
        var hash = TokenSecrets.ToStored(TokenSecrets.Hash(token));
        var (issued, created) = await database.WriteAsync(
            async (connection, transaction) =>
            {
                await RequireAsync(connection, transaction, "users", userId, nameof(userId), cancellationToken).ConfigureAwait(false);
                if (presetToken is not null)
                {
                    var existing = await connection.FirstOrDefaultAsync(
                        transaction,
                        "SELECT id, user_id FROM personal_access_tokens WHERE token_sha256 = @hash",
                        static r => (Id: r.GetInt64(0), UserId: r.GetInt64(1)),
                        cancellationToken,
                        ("@hash", hash)).ConfigureAwait(false);
                    if (existing != default)
                    {
                        // The host presets its bootstrap token at every start: refresh the settings from
                        // configuration, but a revocation stays in force.
                        if (existing.UserId != userId)
                        {
                            throw new InvalidOperationException("The preset token is already issued to another user.");
                        }

                        await connection.ExecuteAsync(
                            transaction,
                            "UPDATE personal_access_tokens SET name = @name, scopes = @scopes, expires_at = @expires_at WHERE id = @id",
                            cancellationToken,
                            ("@name", name),
                            ("@scopes", (int)scopes),
                            ("@expires_at", expiresAt.ToUnixMs()),
                            ("@id", existing.Id)).ConfigureAwait(false);
                        return (new IssuedToken(existing.Id, token, expiresAt), false);
                    }
                }

                var id = await InsertPersonalAccessTokenAsync(connection, transaction, userId, name, hash, scopes, expiresAt, Now(), cancellationToken).ConfigureAwait(false);
                return (new IssuedToken(id, token, expiresAt), true);
            },
            cancellationToken).ConfigureAwait(false);

        // Logged after the commit: a transaction that runs again must not log twice.
        if (created)
        {
            RelationalLog.TokenIssued(_logger, "personal access token", issued.Id);
        }

        return issued;
    }

    /// <inheritdoc />
    public async Task<IssuedToken> CreateDeployTokenAsync(long? projectId, long? groupId, string name, TokenScopes scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (projectId.HasValue == groupId.HasValue)
        {
            throw new ArgumentException("A deploy token belongs to exactly one project or one group.", nameof(projectId));
        }

        ValidateScopes(scopes, DeployTokenScopes, nameof(scopes));
        var token = TokenSecrets.Generate(TokenSecrets.DeployTokenPrefix);
        var issued = await database.WriteAsync(
            async (connection, transaction) =>
            {
                if (projectId is { } project)
                {
                    await RequireAsync(connection, transaction, "projects", project, nameof(projectId), cancellationToken).ConfigureAwait(false);
                }

                if (groupId is { } group)
                {
                    await RequireAsync(connection, transaction, "groups", group, nameof(groupId), cancellationToken).ConfigureAwait(false);
                }

                var id = await NewTokenIdAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    transaction,
                    """
                    INSERT INTO deploy_tokens (id, project_id, group_id, name, token_sha256, scopes, expires_at, created_at)
                    VALUES (@id, @project_id, @group_id, @name, @hash, @scopes, @expires_at, @created_at)
                    """,
                    cancellationToken,
                    ("@id", id),
                    ("@project_id", projectId),
                    ("@group_id", groupId),
                    ("@name", name),
                    ("@hash", TokenSecrets.ToStored(TokenSecrets.Hash(token))),
                    ("@scopes", (int)scopes),
                    ("@expires_at", expiresAt.ToUnixMs()),
                    ("@created_at", Now())).ConfigureAwait(false);
                return new IssuedToken(id, token, expiresAt);
            },
            cancellationToken).ConfigureAwait(false);
        RelationalLog.TokenIssued(_logger, "deploy token", issued.Id);
        return issued;
    }

    /// <inheritdoc />
    public async Task<IssuedToken> StartJobAsync(long projectId, long userId, long? pipelineId, string? gitRef, string? commitSha, CancellationToken cancellationToken)
    {
        var token = TokenSecrets.Generate(TokenSecrets.JobTokenPrefix);
        var issued = await database.WriteAsync(
            async (connection, transaction) =>
            {
                await RequireAsync(connection, transaction, "projects", projectId, nameof(projectId), cancellationToken).ConfigureAwait(false);
                await RequireAsync(connection, transaction, "users", userId, nameof(userId), cancellationToken).ConfigureAwait(false);
                var id = await NewTokenIdAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    transaction,
                    """
                    INSERT INTO ci_jobs (id, project_id, user_id, pipeline_id, ref, commit_sha, token_sha256, started_at)
                    VALUES (@id, @project_id, @user_id, @pipeline_id, @ref, @commit_sha, @hash, @started_at)
                    """,
                    cancellationToken,
                    ("@id", id),
                    ("@project_id", projectId),
                    ("@user_id", userId),
                    ("@pipeline_id", pipelineId),
                    ("@ref", gitRef),
                    ("@commit_sha", commitSha),
                    ("@hash", TokenSecrets.ToStored(TokenSecrets.Hash(token))),
                    ("@started_at", Now())).ConfigureAwait(false);
                return new IssuedToken(id, token, null);
            },
            cancellationToken).ConfigureAwait(false);
        RelationalLog.TokenIssued(_logger, "job token", issued.Id);
        return issued;
    }

    /// <inheritdoc />
    public async Task<bool> FinishJobAsync(long jobId, CancellationToken cancellationToken)
    {
        var changed = await database.ExecuteAsync(
            "UPDATE ci_jobs SET finished_at = @now WHERE id = @id AND finished_at IS NULL",
            cancellationToken,
            ("@now", Now()),
            ("@id", jobId)).ConfigureAwait(false);
        return changed > 0;
    }

    /// <inheritdoc />
    public async Task<bool> RevokeTokenAsync(long tokenId, CancellationToken cancellationToken)
    {
        var revoked = await database.WriteAsync(
            async (connection, transaction) =>
            {
                // The three tables share one id space (token_ids), so at most one of them has the id.
                // COALESCE keeps the first revocation time when a token is revoked twice.
                var changed = 0;
                foreach (var table in (string[])["personal_access_tokens", "deploy_tokens", "ci_jobs"])
                {
                    changed += await connection.ExecuteAsync(
                        transaction,
                        $"UPDATE {table} SET revoked_at = COALESCE(revoked_at, @now) WHERE id = @id",
                        cancellationToken,
                        ("@now", Now()),
                        ("@id", tokenId)).ConfigureAwait(false);
                }

                return changed > 0;
            },
            cancellationToken).ConfigureAwait(false);
        if (revoked)
        {
            RelationalLog.TokenRevoked(_logger, tokenId);
        }

        return revoked;
    }

    /// <inheritdoc />
    public async Task AllowJobTokenAsync(long targetProjectId, long sourceProjectId, CancellationToken cancellationToken)
    {
        await database.WriteAsync(
            async (connection, transaction) =>
            {
                await RequireAsync(connection, transaction, "projects", targetProjectId, nameof(targetProjectId), cancellationToken).ConfigureAwait(false);
                await RequireAsync(connection, transaction, "projects", sourceProjectId, nameof(sourceProjectId), cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    transaction,
                    """
                    INSERT INTO job_token_allowlist (target_project_id, source_project_id) VALUES (@target, @source)
                    ON CONFLICT (target_project_id, source_project_id) DO NOTHING
                    """,
                    cancellationToken,
                    ("@target", targetProjectId),
                    ("@source", sourceProjectId)).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task SetMemberAsync(string sourceTable, string sourceColumn, long sourceId, long userId, AccessLevel accessLevel, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(accessLevel))
        {
            throw new ArgumentOutOfRangeException(nameof(accessLevel), accessLevel, "Not a GitLab access level.");
        }

        await database.WriteAsync(
            async (connection, transaction) =>
            {
                if (accessLevel == AccessLevel.None)
                {
                    await connection.ExecuteAsync(
                        transaction,
                        $"DELETE FROM members WHERE {sourceColumn} = @source_id AND user_id = @user_id",
                        cancellationToken,
                        ("@source_id", sourceId),
                        ("@user_id", userId)).ConfigureAwait(false);
                }
                else
                {
                    await RequireAsync(connection, transaction, sourceTable, sourceId, sourceColumn, cancellationToken).ConfigureAwait(false);
                    await RequireAsync(connection, transaction, "users", userId, nameof(userId), cancellationToken).ConfigureAwait(false);

                    // The conflict target repeats the partial unique index's predicate.
                    await connection.ExecuteAsync(
                        transaction,
                        $"""
                        INSERT INTO members ({sourceColumn}, user_id, access_level) VALUES (@source_id, @user_id, @access_level)
                        ON CONFLICT ({sourceColumn}, user_id) WHERE {sourceColumn} IS NOT NULL
                        DO UPDATE SET access_level = excluded.access_level
                        """,
                        cancellationToken,
                        ("@source_id", sourceId),
                        ("@user_id", userId),
                        ("@access_level", (int)accessLevel)).ConfigureAwait(false);
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static void ValidatePathSegment(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (path.Contains('/', StringComparison.Ordinal) || path.Contains('%', StringComparison.Ordinal))
        {
            throw new ArgumentException("A path is one segment, without '/' or '%'.", nameof(path));
        }
    }

    private static void ValidateScopes(TokenScopes scopes, TokenScopes allowed, string parameterName)
    {
        if (scopes == TokenScopes.None || (scopes & ~allowed) != 0)
        {
            throw new ArgumentException($"Scopes must be a non-empty combination of {allowed}.", parameterName);
        }
    }

    private static async Task<string?> FullPathOfAsync(DbConnection connection, DbTransaction transaction, string table, long id, CancellationToken cancellationToken) =>
        (string?)await connection.ScalarAsync(
            transaction,
            $"SELECT full_path FROM {table} WHERE id = @id",
            cancellationToken,
            ("@id", id)).ConfigureAwait(false);

    private static async Task RequireAsync(DbConnection connection, DbTransaction transaction, string table, long id, string parameterName, CancellationToken cancellationToken)
    {
        var found = await connection.ScalarAsync(
            transaction,
            $"SELECT 1 FROM {table} WHERE id = @id",
            cancellationToken,
            ("@id", id)).ConfigureAwait(false);
        if (found is null)
        {
            throw new ArgumentException($"There is no row {id} in {table}.", parameterName);
        }
    }

    /// <summary>Records a personal access token (a user's own, or a project or group bot's) by its stored hash; its new id.</summary>
    private static async Task<long> InsertPersonalAccessTokenAsync(
        DbConnection connection,
        DbTransaction transaction,
        long userId,
        string name,
        string storedHash,
        TokenScopes scopes,
        DateTimeOffset? expiresAt,
        long createdAt,
        CancellationToken cancellationToken)
    {
        var id = await NewTokenIdAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(
            transaction,
            """
            INSERT INTO personal_access_tokens (id, user_id, name, token_sha256, scopes, expires_at, created_at)
            VALUES (@id, @user_id, @name, @hash, @scopes, @expires_at, @created_at)
            """,
            cancellationToken,
            ("@id", id),
            ("@user_id", userId),
            ("@name", name),
            ("@hash", storedHash),
            ("@scopes", (int)scopes),
            ("@expires_at", expiresAt.ToUnixMs()),
            ("@created_at", createdAt)).ConfigureAwait(false);
        return id;
    }

    private static async Task<long> NewTokenIdAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.ScalarInt64Async(transaction, "INSERT INTO token_ids DEFAULT VALUES RETURNING id", cancellationToken).ConfigureAwait(false);
}
