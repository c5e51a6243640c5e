namespace Registry.Storage.Relational;

/// <summary>
/// The metadata schema as versioned migrations. The text is shared by every relational provider: only the
/// identity column differs between dialects, so it is a parameter; everything else is SQL that SQLite and
/// PostgreSQL both accept.
/// </summary>
/// <remarks>
/// Times are unix milliseconds (BIGINT) everywhere: they sort and compare as numbers in both databases and
/// carry no time-zone ambiguity. Enums are stored as their declared integer values.
/// Providers see only <see cref="TrackedTables"/>, which their change tracking
/// (<see cref="RelationalDatabase.ChangeTrackingSchema"/>) must cover; the migrations themselves are applied for them.
/// </remarks>
public static class RegistrySchema
{
    /// <summary>The table that records applied migrations; created before the first migration runs.</summary>
    internal const string MigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )
        """;

    /// <summary>Every migration, in the order they apply.</summary>
    /// <param name="identityColumn">The dialect's identity column (<see cref="RelationalDatabase.IdentityColumn"/>).</param>
    /// <param name="changeTracking">
    /// The dialect's SQL that makes <see cref="RelationalDatabase.ReadRevisionAsync"/> change with every write to
    /// <see cref="TrackedTables"/> (<see cref="RelationalDatabase.ChangeTrackingSchema"/>), or null when the dialect
    /// needs no schema for it; the migration is recorded either way, so versions mean the same in every dialect.
    /// </param>
    /// <param name="trackTable">
    /// The dialect's SQL that adds one table created after migration 3 to its change tracking
    /// (<see cref="RelationalDatabase.ChangeTrackingOf"/>), or null when it needs none.
    /// </param>
    /// <param name="changeNotifications">
    /// The dialect's SQL of migration 7 (<see cref="RelationalDatabase.ChangeNotificationSchema"/>), or null.
    /// </param>
    /// <param name="scopedNotifications">
    /// The dialect's SQL of migration 10 (<see cref="RelationalDatabase.ScopedChangeNotificationSchema"/>), or null.
    /// </param>
    /// <param name="scopedTracking">
    /// The dialect's SQL of migration 12 (<see cref="RelationalDatabase.ScopedChangeTrackingSchema"/>), or null.
    /// </param>
    /// <param name="catalogIndex">
    /// The dialect's index of migration 13 (<see cref="RelationalDatabase.CatalogIndexSchema"/>); null for the default one.
    /// </param>
    internal static IReadOnlyList<SchemaMigration> Migrations(string identityColumn, string? changeTracking, Func<string, string?>? trackTable = null, string? changeNotifications = null, string? scopedNotifications = null, string? scopedTracking = null, string? catalogIndex = null) =>
    [
        new(1, "initial", Initial.Replace("{identity}", identityColumn, StringComparison.Ordinal)),
        new(2, "namespace_package_settings", NamespacePackageSettings),
        new(3, "change_revision", changeTracking),
        new(4, "user_type", UserType),
        new(5, "package_protection_rules", PackageProtectionRules.Replace("{identity}", identityColumn, StringComparison.Ordinal) + trackTable?.Invoke("package_protection_rules")),
        new(6, "blob_claims", BlobClaims.Replace("{identity}", identityColumn, StringComparison.Ordinal)),
        new(7, "change_notifications", changeNotifications),
        new(8, "package_quotas", PackageQuotas + trackTable?.Invoke("package_quotas")),
        new(9, "package_cleanup_policies", PackageCleanupPolicies),
        new(10, "scoped_change_notifications", scopedNotifications),
        new(11, "package_download_stats", PackageDownloadStats),
        new(12, "scoped_change_tracking", scopedTracking),
        new(13, "package_catalog_index", (catalogIndex ?? DefaultCatalogIndex) + LiveFilesIndex),
    ];

    private const string DefaultCatalogIndex =
        "CREATE INDEX ix_packages_catalog ON packages (project_id, type, normalized_name, created_at, id) WHERE status <> 4;\n";

    // What the versions fingerprint counts of each version's files (how many are live, the newest live id), from the
    // index alone instead of every file row.
    private const string LiveFilesIndex = "CREATE INDEX ix_package_files_live ON package_files (package_id, status, id);\n";

    /// <summary>
    /// The tracked tables that exist when migration 3 (<see cref="RelationalDatabase.ChangeTrackingSchema"/>) runs; each
    /// table a later migration creates is tracked by that migration, with <see cref="RelationalDatabase.ChangeTrackingOf"/>.
    /// </summary>
    public static IReadOnlyList<string> FirstTrackedTables { get; } =
    [
        "users", "groups", "projects", "members", "personal_access_tokens", "deploy_tokens", "ci_jobs",
        "job_token_allowlist", "packages", "package_files", "package_build_infos", "namespace_package_settings",
    ];

    /// <summary>
    /// Every table whose rows the registry reads, so every table whose changes must change the database's revision.
    /// A migration that adds a table the registry reads adds it here and gives it the dialect's change tracking.
    /// </summary>
    public static IReadOnlyList<string> TrackedTables { get; } = [.. FirstTrackedTables, "package_protection_rules", "package_quotas"];

    // packages.project_id and package_build_infos.user_id have no foreign key on purpose: a host may bring
    // its own IProjectDirectory, and then the projects and users tables stay empty.
    // token_ids gives the three token tables one id space, so RevokeTokenAsync(id) is never ambiguous.
    // The coordinate's uniqueness excludes status 4 (pending destruction), so a deleted version can be
    // published again before the purge removes the old row.
    private const string Initial = """
        CREATE TABLE users (
            {identity},
            username TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            is_admin BOOLEAN NOT NULL DEFAULT FALSE,
            created_at BIGINT NOT NULL
        );

        CREATE TABLE groups (
            {identity},
            parent_id BIGINT NULL REFERENCES groups (id),
            name TEXT NOT NULL,
            path TEXT NOT NULL,
            full_path TEXT NOT NULL UNIQUE,
            visibility INTEGER NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX ix_groups_parent ON groups (parent_id);

        CREATE TABLE projects (
            {identity},
            group_id BIGINT NOT NULL REFERENCES groups (id),
            name TEXT NOT NULL,
            path TEXT NOT NULL,
            full_path TEXT NOT NULL UNIQUE,
            visibility INTEGER NOT NULL,
            package_registry_access_level INTEGER NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX ix_projects_group ON projects (group_id);

        CREATE TABLE members (
            {identity},
            project_id BIGINT NULL REFERENCES projects (id) ON DELETE CASCADE,
            group_id BIGINT NULL REFERENCES groups (id) ON DELETE CASCADE,
            user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            access_level INTEGER NOT NULL,
            CHECK ((project_id IS NULL) <> (group_id IS NULL))
        );
        CREATE UNIQUE INDEX ux_members_project_user ON members (project_id, user_id) WHERE project_id IS NOT NULL;
        CREATE UNIQUE INDEX ux_members_group_user ON members (group_id, user_id) WHERE group_id IS NOT NULL;
        CREATE INDEX ix_members_user ON members (user_id);

        CREATE TABLE token_ids (
            {identity}
        );

        CREATE TABLE personal_access_tokens (
            id BIGINT NOT NULL PRIMARY KEY REFERENCES token_ids (id),
            user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_sha256 TEXT NOT NULL UNIQUE,
            scopes INTEGER NOT NULL,
            expires_at BIGINT NULL,
            revoked_at BIGINT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX ix_personal_access_tokens_user ON personal_access_tokens (user_id);

        CREATE TABLE deploy_tokens (
            id BIGINT NOT NULL PRIMARY KEY REFERENCES token_ids (id),
            project_id BIGINT NULL REFERENCES projects (id) ON DELETE CASCADE,
            group_id BIGINT NULL REFERENCES groups (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_sha256 TEXT NOT NULL UNIQUE,
            scopes INTEGER NOT NULL,
            expires_at BIGINT NULL,
            revoked_at BIGINT NULL,
            created_at BIGINT NOT NULL,
            CHECK ((project_id IS NULL) <> (group_id IS NULL))
        );

        CREATE TABLE ci_jobs (
            id BIGINT NOT NULL PRIMARY KEY REFERENCES token_ids (id),
            project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            pipeline_id BIGINT NULL,
            ref TEXT NULL,
            commit_sha TEXT NULL,
            token_sha256 TEXT NOT NULL UNIQUE,
            started_at BIGINT NOT NULL,
            finished_at BIGINT NULL,
            revoked_at BIGINT NULL
        );

        CREATE TABLE job_token_allowlist (
            target_project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            source_project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            PRIMARY KEY (target_project_id, source_project_id)
        );

        CREATE TABLE packages (
            {identity},
            project_id BIGINT NOT NULL,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            normalized_name TEXT NOT NULL,
            version TEXT NOT NULL,
            normalized_version TEXT NOT NULL,
            status INTEGER NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            metadata TEXT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            last_downloaded_at BIGINT NULL
        );
        CREATE UNIQUE INDEX ux_packages_coordinate
            ON packages (project_id, type, normalized_name, normalized_version) WHERE status <> 4;
        CREATE INDEX ix_packages_project_created ON packages (project_id, created_at);
        CREATE INDEX ix_packages_name ON packages (normalized_name);
        CREATE INDEX ix_packages_pending_destruction ON packages (id) WHERE status = 4;

        CREATE TABLE package_files (
            {identity},
            package_id BIGINT NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
            file_name TEXT NOT NULL,
            size BIGINT NOT NULL,
            md5 TEXT NOT NULL,
            sha1 TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            sha512 TEXT NOT NULL,
            status INTEGER NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX ix_package_files_package_name ON package_files (package_id, file_name);
        CREATE INDEX ix_package_files_sha256 ON package_files (sha256);
        CREATE INDEX ix_package_files_pending_destruction ON package_files (package_id) WHERE status = 1;

        CREATE TABLE package_build_infos (
            {identity},
            package_id BIGINT NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
            pipeline_id BIGINT NULL,
            ref TEXT NULL,
            commit_sha TEXT NULL,
            user_id BIGINT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX ix_package_build_infos_package ON package_build_infos (package_id, created_at);
        """;

    // GitLab's users.user_type: 0 a human, 6 a project bot (the user behind a project or group access token). Existing
    // rows are humans; ALTER TABLE ... ADD COLUMN with a constant default is the form both SQLite and PostgreSQL accept.
    private const string UserType = """
        ALTER TABLE users ADD COLUMN user_type INTEGER NOT NULL DEFAULT 0;
        """;

    // group_id has no foreign key for the same reason as packages.project_id: the groups may live in the host's directory.
    private const string NamespacePackageSettings = """
        CREATE TABLE namespace_package_settings (
            group_id BIGINT NOT NULL,
            package_type TEXT NOT NULL,
            duplicates_allowed BOOLEAN NOT NULL,
            duplicate_exception_regex TEXT NULL,
            PRIMARY KEY (group_id, package_type)
        );
        """;

    // project_id has no foreign key for the same reason as packages.project_id. Levels are GitLab's numbers
    // (40 maintainer, 50 owner, 60 admin); NULL leaves the action unprotected. GitLab's uniqueness is exact.
    private const string PackageProtectionRules = """
        CREATE TABLE package_protection_rules (
            {identity},
            project_id BIGINT NOT NULL,
            package_type TEXT NOT NULL,
            package_name_pattern TEXT NOT NULL,
            minimum_access_level_for_push INTEGER NULL,
            minimum_access_level_for_delete INTEGER NULL
        );
        CREATE UNIQUE INDEX ux_package_protection_rules_pattern
            ON package_protection_rules (project_id, package_type, package_name_pattern);
        """;

    // One row per project that set a cleanup policy (project_id has no foreign key, as packages.project_id). NULL leaves a
    // rule off. next_run_at is unix milliseconds, NULL when the policy deletes nothing. registry_leases holds the lease
    // that lets one host at a time run the policies (RelationalCleanupPolicyStore.TryTakeLeaseAsync). Neither is tracked:
    // they are read afresh by the cleanup use cases, never through a revision-guarded cache.
    private const string PackageCleanupPolicies = """
        CREATE TABLE package_cleanup_policies (
            project_id BIGINT NOT NULL PRIMARY KEY,
            keep_n_duplicated_package_files INTEGER NULL,
            keep_n_versions INTEGER NULL,
            remove_older_than_days INTEGER NULL,
            keep_version_regex TEXT NULL,
            remove_version_regex TEXT NULL,
            next_run_at BIGINT NULL
        );
        CREATE INDEX ix_package_cleanup_policies_next_run ON package_cleanup_policies (next_run_at);

        CREATE TABLE registry_leases (
            name TEXT NOT NULL PRIMARY KEY,
            holder TEXT NOT NULL,
            expires_at BIGINT NOT NULL
        );
        """;

    // A publish's promise to reference a blob soon (RelationalPackageStore.ClaimBlobAsync). Not tracked: no document
    // or cached read depends on it.
    private const string BlobClaims = """
        CREATE TABLE blob_claims (
            {identity},
            sha256 TEXT NOT NULL,
            claimed_at BIGINT NOT NULL
        );
        CREATE INDEX ix_blob_claims_sha256 ON blob_claims (sha256);
        CREATE INDEX ix_blob_claims_claimed_at ON blob_claims (claimed_at);
        """;

    // An instance administrator's override of a top-level group's package limits (NULL: no limit); a group without a
    // row follows PackageRegistry:Quotas. group_id has no foreign key for the same reason as packages.project_id.
    private const string PackageQuotas = """
        CREATE TABLE package_quotas (
            group_id BIGINT NOT NULL PRIMARY KEY,
            max_bytes BIGINT NULL,
            max_packages BIGINT NULL
        );
        """;

    // When each package was last downloaded, written in the background once per interval (RecordDownloadsAsync). Kept
    // out of packages and untracked on purpose: a tracked write moves the revision (SQLite's counter, PostgreSQL's
    // notification), so every recorded download emptied every host's read caches. Excluding the column from the
    // triggers instead would need per-dialect trigger surgery (PostgreSQL's UPDATE OF lists every other column, and a
    // column added later would be silently untracked), while a table of its own needs none. packages.last_downloaded_at
    // stays, unwritten from here on, so a host still running the previous version (a rolling upgrade) keeps working; its
    // values are copied. A purge's delete of the package removes its row (the foreign key cascades, as package_files').
    private const string PackageDownloadStats = """
        CREATE TABLE package_download_stats (
            package_id BIGINT NOT NULL PRIMARY KEY REFERENCES packages (id) ON DELETE CASCADE,
            last_downloaded_at BIGINT NOT NULL
        );
        INSERT INTO package_download_stats (package_id, last_downloaded_at)
            SELECT id, last_downloaded_at FROM packages WHERE last_downloaded_at IS NOT NULL;
        """;
}
