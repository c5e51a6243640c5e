using System.Data.Common;
using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Core.Updating;

namespace Registry.Storage.Relational;

/// <summary>
/// The package catalog in a relational database (SQLite or PostgreSQL, the same SQL). Every write is one transaction;
/// reads never see pending destruction.
/// </summary>
internal sealed class RelationalPackageStore(RelationalDatabase database) : IPackageStore
{
    private const string NotDestroyed = "p.status <> 4";

    /// <summary>
    /// The catalog of one name in a project (<see cref="PackageRows.CatalogColumns"/>, in publish order), which migration
    /// 13's index serves without a sort (and on SQLite from the index alone).
    /// </summary>
    internal const string CatalogSql = $"""
        SELECT {PackageRows.CatalogColumns} FROM packages p
        WHERE p.project_id = @project_id AND p.type = @type AND p.normalized_name = @normalized_name AND {NotDestroyed}
        ORDER BY p.created_at, p.id
        """;

    private const string CoordinateMatch =
        "p.project_id = @project_id AND p.type = @type AND p.normalized_name = @normalized_name AND p.normalized_version = @normalized_version";

    // The conflict target repeats the partial index's predicate, which SQLite and PostgreSQL both need to pick it.
    private const string InsertPackageSql = """
        INSERT INTO packages (project_id, type, name, normalized_name, version, normalized_version, status, tags, metadata, created_at, updated_at)
        VALUES (@project_id, @type, @name, @normalized_name, @version, @normalized_version, @status, '[]', @metadata, @created_at, @created_at)
        ON CONFLICT (project_id, type, normalized_name, normalized_version) WHERE status <> 4 DO NOTHING
        RETURNING id
        """;

    private const string InsertFileSql = """
        INSERT INTO package_files (package_id, file_name, size, md5, sha1, sha256, sha512, status, created_at)
        VALUES (@package_id, @file_name, @size, @md5, @sha1, @sha256, @sha512, 0, @created_at)
        RETURNING id
        """;

    private const int KeptBuildInfos = 5;

    /// <inheritdoc />
    public async Task<AddFileResult> TryAddFileAsync(NewPackageFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var coordinate = file.Coordinate;
        (string, object?)[] coordinateParameters =
        [
            ("@project_id", coordinate.ProjectId),
            ("@type", coordinate.Type.Name),
            ("@normalized_name", coordinate.NormalizedName),
            ("@normalized_version", coordinate.NormalizedVersion),
        ];

        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                if (file.BlobClaim is { } claim)
                {
                    await ReleaseClaimAsync(connection, transaction, file.Blob.Key, claim, cancellationToken).ConfigureAwait(false);
                }

                var insertedId = await connection.ScalarAsync(
                    transaction,
                    InsertPackageSql,
                    cancellationToken,
                    [
                        .. coordinateParameters,
                        ("@name", file.Name),
                        ("@version", file.Version),
                        ("@status", (int)file.Status),
                        ("@metadata", file.MergeMetadata is { } mergeNew ? mergeNew(null) : file.Metadata),
                        ("@created_at", file.CreatedAt.ToUnixMs()),
                    ]).ConfigureAwait(false);

                var existed = insertedId is null;
                var packageId = insertedId is long inserted
                    ? inserted
                    : await connection.ScalarInt64Async(
                        transaction,
                        $"SELECT p.id FROM packages p WHERE {CoordinateMatch} AND {NotDestroyed}",
                        cancellationToken,
                        coordinateParameters).ConfigureAwait(false);

                if (existed && await IsDuplicateAsync(connection, transaction, packageId, file, cancellationToken).ConfigureAwait(false))
                {
                    var existing = await ReadPackageAsync(connection, transaction, packageId, cancellationToken).ConfigureAwait(false)
                        ?? throw new InvalidOperationException($"Package {packageId} vanished inside its own transaction.");
                    return new AddFileResult(AddFileOutcome.Duplicate, existing, null);
                }

                if (file.Quota is { } quota)
                {
                    await EnsureQuotaAsync(connection, transaction, quota, file.Blob.Size, newPackage: !existed, cancellationToken).ConfigureAwait(false);
                }

                var fileId = await connection.ScalarInt64Async(
                    transaction,
                    InsertFileSql,
                    cancellationToken,
                    ("@package_id", packageId),
                    ("@file_name", file.FileName),
                    ("@size", file.Blob.Size),
                    ("@md5", file.Blob.Md5),
                    ("@sha1", file.Blob.Sha1),
                    ("@sha256", file.Blob.Sha256),
                    ("@sha512", file.Blob.Sha512),
                    ("@created_at", file.CreatedAt.ToUnixMs())).ConfigureAwait(false);

                if (file.Build is { } build)
                {
                    await AddBuildInfoAsync(connection, transaction, packageId, build, file.CreatedAt, cancellationToken).ConfigureAwait(false);
                }

                if (existed)
                {
                    // A merge reads the stored metadata in this transaction: SQLite's write lock excludes other writers,
                    // and PostgreSQL's serializable transaction fails the later of two concurrent writes of the row, which
                    // runs again (merging again) on a fresh snapshot.
                    var metadata = file.MergeMetadata is { } merge
                        ? merge(await connection.ScalarAsync(transaction, "SELECT metadata FROM packages WHERE id = @id", cancellationToken, ("@id", packageId)).ConfigureAwait(false) as string)
                        : file.Metadata;
                    await connection.ExecuteAsync(
                        transaction,
                        "UPDATE packages SET status = @status, metadata = COALESCE(@metadata, metadata), updated_at = @updated_at WHERE id = @id",
                        cancellationToken,
                        ("@status", (int)file.Status),
                        ("@metadata", metadata),
                        ("@updated_at", file.CreatedAt.ToUnixMs()),
                        ("@id", packageId)).ConfigureAwait(false);
                }

                var package = await ReadPackageAsync(connection, transaction, packageId, cancellationToken).ConfigureAwait(false);

                var added = new PackageFile
                {
                    Id = fileId,
                    PackageId = packageId,
                    FileName = file.FileName,
                    Size = file.Blob.Size,
                    Md5 = file.Blob.Md5,
                    Sha1 = file.Blob.Sha1,
                    Sha256 = file.Blob.Sha256,
                    Sha512 = file.Blob.Sha512,
                    CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(file.CreatedAt.ToUnixMs()),
                };
                return new AddFileResult(
                    AddFileOutcome.Added,
                    package ?? throw new InvalidOperationException($"Package {packageId} vanished inside its own transaction."),
                    added);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Throws <see cref="Registry.Core.Usage.PackageQuotaExceededException"/>, rolling the transaction back, when the file
    /// (and its package, when this transaction created it) takes the group over its quota. The group's key lock makes
    /// concurrent publishes into one group on PostgreSQL queue here (SQLite's write lock already excludes them), so each
    /// reads the usage the previous one committed.
    /// </summary>
    private async Task EnsureQuotaAsync(DbConnection connection, DbTransaction transaction, Registry.Core.Usage.PublishQuota quota, long fileBytes, bool newPackage, CancellationToken cancellationToken)
    {
        if (database.KeyLockStatement is { } lockStatement)
        {
            await connection.ExecuteAsync(transaction, lockStatement, cancellationToken, ("@lock_key", "quota:" + quota.GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture))).ConfigureAwait(false);
        }

        var used = await PackageUsageSql.ReadAsync(connection, transaction, quota.ProjectIds, cancellationToken).ConfigureAwait(false);

        // The package row this transaction inserted is already counted; the rule is about the usage before it.
        quota.EnsureRoomFor(newPackage ? used with { Packages = used.Packages - 1 } : used, fileBytes, newPackage);
    }

    /// <inheritdoc />
    public Task<Package?> FindPackageOrNullAsync(PackageCoordinate coordinate, CancellationToken cancellationToken)
    {
        return database.Revisions.GetOrLoadAsync(
            new CoordinateKey(coordinate.ProjectId, coordinate.Type.Name, coordinate.NormalizedName, coordinate.NormalizedVersion),
            () => LoadPackageOrNullAsync(coordinate, cancellationToken),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<Package?> FindPackageByIdOrNullAsync(long projectId, long packageId, CancellationToken cancellationToken) =>
        database.Revisions.GetOrLoadAsync(
            new PackageIdKey(projectId, packageId),
            () => LoadPackageByIdOrNullAsync(projectId, packageId, cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    public Task<string?> FindVersionsFingerprintOrNullAsync(long projectId, PackageType type, string normalizedName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        return database.Revisions.GetOrLoadAsync(
            new FingerprintKey(projectId, type.Name, normalizedName),
            async () => (await ReadCatalogAsync(projectId, type, normalizedName, cancellationToken).ConfigureAwait(false)).Fingerprint,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<PackageFile?> FindNewestFileOrNullAsync(long packageId, string fileName, CancellationToken cancellationToken) =>
        database.Revisions.GetOrLoadAsync(
            new NewestFileKey(packageId, fileName),
            () => LoadNewestFileOrNullAsync(packageId, fileName, cancellationToken),
            cancellationToken);

    private async Task<Package?> LoadPackageOrNullAsync(PackageCoordinate coordinate, CancellationToken cancellationToken)
    {
        return await database.FirstOrDefaultAsync(
            $"SELECT {PackageRows.PackageColumns} FROM packages p WHERE {CoordinateMatch} AND {NotDestroyed}",
            PackageRows.ReadPackage,
            cancellationToken,
            ("@project_id", coordinate.ProjectId),
            ("@type", coordinate.Type.Name),
            ("@normalized_name", coordinate.NormalizedName),
            ("@normalized_version", coordinate.NormalizedVersion)).ConfigureAwait(false);
    }

    private async Task<Package?> LoadPackageByIdOrNullAsync(long projectId, long packageId, CancellationToken cancellationToken)
    {
        return await database.FirstOrDefaultAsync(
            $"SELECT {PackageRows.PackageColumns} FROM packages p WHERE p.id = @id AND p.project_id = @project_id AND {NotDestroyed}",
            PackageRows.ReadPackage,
            cancellationToken,
            ("@id", packageId),
            ("@project_id", projectId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Package>> ListVersionsAsync(long projectId, PackageType type, string normalizedName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        return await database.ListAsync(
            $"""
            SELECT {PackageRows.PackageColumns} FROM packages p
            WHERE p.project_id = @project_id AND p.type = @type AND p.normalized_name = @normalized_name AND {NotDestroyed}
            ORDER BY p.created_at, p.id
            """,
            PackageRows.ReadPackage,
            cancellationToken,
            ("@project_id", projectId),
            ("@type", type.Name),
            ("@normalized_name", normalizedName)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<VersionSummary>> ListVersionSummariesAsync(long projectId, PackageType type, string normalizedName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        return (await ReadCatalogAsync(projectId, type, normalizedName, cancellationToken).ConfigureAwait(false)).Summaries;
    }

    /// <summary>
    /// The live versions of a name with their fingerprint, read once per <see cref="ReadScope"/>: a document request asks
    /// for the fingerprint, and on a miss of its rendered document for the summaries, and both come from one query over
    /// the versions instead of two (issue 19: 30 ms each for 10,000 versions). Being one read, the list is exactly the
    /// one the fingerprint was computed from. The catalog is kept only while the request runs (never across requests,
    /// whose memory the revision cache does not weigh); outside a scope it is read every time.
    /// </summary>
    private Task<VersionCatalog> ReadCatalogAsync(long projectId, PackageType type, string normalizedName, CancellationToken cancellationToken) =>
        ReadScope.Current is { } scope
            ? scope.GetOrAddAsync(new CatalogKey(this, projectId, type.Name, normalizedName), ct => LoadCatalogAsync(projectId, type, normalizedName, ct), cancellationToken)
            : LoadCatalogAsync(projectId, type, normalizedName, cancellationToken);

    // Reads the index and the small columns only: octet_length of the metadata comes from the record header, and the
    // live files' count and newest id from the package_files index on package_id.
    private async Task<VersionCatalog> LoadCatalogAsync(long projectId, PackageType type, string normalizedName, CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await using var command = connection.CreateCommand(
                null,
                CatalogSql,
                ("@project_id", projectId),
                ("@type", type.Name),
                ("@normalized_name", normalizedName));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var summaries = new List<VersionSummary>();
            using var fingerprint = new VersionsFingerprint();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var tags = reader.GetString(5);
                var summary = PackageRows.ReadCatalogRow(reader, tags, projectId, type.Name, normalizedName);
                summaries.Add(summary);
                fingerprint.Add(summary.Package.Id, reader.GetInt64(8), (int)summary.Package.Status, tags, summary.MetadataBytes, reader.GetInt64(9), reader.GetInt64(10));
            }

            return new VersionCatalog(summaries, fingerprint.ToStringOrNull());
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<long>> ListProjectsHoldingAsync(PackageType type, string normalizedName, string? normalizedVersion, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);

        // Grouped before the limit, so the limit counts projects; ordered by the oldest package, then its id, so the
        // answer is the same on every host and in both databases whatever is published later. The version condition is
        // left out rather than compared with NULL, whose parameter type PostgreSQL could not infer.
        var version = normalizedVersion is null ? string.Empty : "AND p.normalized_version = @normalized_version";
        return await database.ListAsync(
            $"""
            SELECT p.project_id FROM packages p
            WHERE p.type = @type AND p.normalized_name = @normalized_name AND {NotDestroyed} {version}
            GROUP BY p.project_id
            ORDER BY MIN(p.created_at), MIN(p.id)
            LIMIT @limit
            """,
            static r => r.GetInt64(0),
            cancellationToken,
            ("@type", type.Name),
            ("@normalized_name", normalizedName),
            ("@normalized_version", normalizedVersion),
            ("@limit", limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PackageFile>> ListFilesAsync(long packageId, CancellationToken cancellationToken) =>
        database.Revisions.GetOrLoadAsync(new FilesKey(packageId), () => LoadFilesAsync(packageId, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<PackageFile>> LoadFilesAsync(long packageId, CancellationToken cancellationToken)
    {
        return await database.ListAsync(
            $"""
            SELECT {PackageRows.FileColumns} FROM package_files f JOIN packages p ON p.id = f.package_id
            WHERE f.package_id = @package_id AND f.status = 0 AND {NotDestroyed}
            ORDER BY f.created_at, f.id
            """,
            PackageRows.ReadFile,
            cancellationToken,
            ("@package_id", packageId)).ConfigureAwait(false);
    }

    private async Task<PackageFile?> LoadNewestFileOrNullAsync(long packageId, string fileName, CancellationToken cancellationToken)
    {
        return await database.FirstOrDefaultAsync(
            $"""
            SELECT {PackageRows.FileColumns} FROM package_files f JOIN packages p ON p.id = f.package_id
            WHERE f.package_id = @package_id AND f.file_name = @file_name AND f.status = 0 AND {NotDestroyed}
            ORDER BY f.created_at DESC, f.id DESC
            LIMIT 1
            """,
            PackageRows.ReadFile,
            cancellationToken,
            ("@package_id", packageId),
            ("@file_name", fileName)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BuildInfo>> ListBuildInfosAsync(long packageId, CancellationToken cancellationToken)
    {
        return await database.ListAsync(
            $"SELECT {PackageRows.BuildInfoColumns} FROM package_build_infos WHERE package_id = @package_id ORDER BY created_at DESC, id DESC LIMIT @limit",
            PackageRows.ReadBuildInfo,
            cancellationToken,
            ("@package_id", packageId),
            ("@limit", KeptBuildInfos)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<BuildInfo>>> ListBuildInfosByPackageAsync(IReadOnlyCollection<long> packageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packageIds);
        var ids = packageIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<long, IReadOnlyList<BuildInfo>>();
        }

        var names = ids.Select((_, i) => "@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        (string, object?)[] parameters = [.. ids.Select((id, i) => (names[i], (object?)id)), ("@limit", KeptBuildInfos)];
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // The newest five per package in one statement; window functions read the same in SQLite and PostgreSQL.
            var rows = await connection.ListAsync(
                null,
                $"""
                SELECT package_id, {PackageRows.BuildInfoColumns} FROM (
                    SELECT package_id, {PackageRows.BuildInfoColumns}, id,
                        ROW_NUMBER() OVER (PARTITION BY package_id ORDER BY created_at DESC, id DESC) AS position
                    FROM package_build_infos WHERE package_id IN ({string.Join(", ", names)})
                ) newest
                WHERE position <= @limit
                ORDER BY package_id, created_at DESC, id DESC
                """,
                static r => (PackageId: r.GetInt64(0), Build: PackageRows.ReadBuildInfo(r, offset: 1)),
                cancellationToken,
                parameters).ConfigureAwait(false);
            return rows.GroupBy(r => r.PackageId).ToDictionary(g => g.Key, g => (IReadOnlyList<BuildInfo>)[.. g.Select(r => r.Build)]);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Answered from memory while the revision is unchanged, within a read scope: listings that documents are built
    /// from (a Helm channel's <c>index.yaml</c>, a Terraform namespace's versions) otherwise ran this query on every read.
    /// </remarks>
    public Task<PackagePage> QueryAsync(PackageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ProjectIds.Count == 0)
        {
            return Task.FromResult(new PackagePage([], 0));
        }

        // The projects as text and the rest of the query with one shared empty list: record equality compares the
        // list by reference.
        var scope = query.ProjectIds.Count == 1 ? RevisionScope.Project(query.ProjectIds.First()) : RevisionScope.AnyPackage;
        var key = new QueryKey(string.Join(',', query.ProjectIds), query with { ProjectIds = NoProjects }, scope);
        return database.Revisions.GetOrLoadAsync(key, () => LoadQueryAsync(query, cancellationToken), cancellationToken);
    }

    private async Task<PackagePage> LoadQueryAsync(PackageQuery query, CancellationToken cancellationToken)
    {
        var sql = PackageQuerySql.Build(query, database.BinaryCollation);
        var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One read transaction, so the total and the page come from the same snapshot.
            var transaction = await database.BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var total = await connection.ScalarInt64Async(transaction, sql.CountSql, cancellationToken, sql.CountParameters).ConfigureAwait(false);
                var items = total == 0
                    ? []
                    : await connection.ListAsync(transaction, sql.PageSql, PackageRows.ReadPackage, cancellationToken, sql.PageParameters).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new PackagePage(items, total) { IsTotalCapped = total > PackagePage.MaxCountedTotal };
            }
        }
    }

    /// <inheritdoc />
    public Task<PackageUpdateResult> MoveTagsAsync(PackageCoordinate target, IReadOnlyList<string> tags, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return UpdateVersionsAsync(
            target.ProjectId,
            target.Type,
            target.NormalizedName,
            // Only the target and versions holding some tag can change; the others stay locked but unread, so a package
            // with thousands of versions does not load every manifest to move "latest".
            "(p.normalized_version = @normalized_version OR p.tags <> '[]')",
            [("@normalized_version", target.NormalizedVersion)],
            versions => PackageChanges.MoveTags(versions, target.NormalizedVersion, tags, StoredTime(updatedAt)),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<PackageUpdateResult> RemoveTagAsync(long projectId, PackageType type, string normalizedName, string tag, DateTimeOffset updatedAt, CancellationToken cancellationToken) =>
        UpdateVersionsAsync(projectId, type, normalizedName, "p.tags <> '[]'", [], versions => PackageChanges.RemoveTag(versions, tag, StoredTime(updatedAt)), cancellationToken);

    /// <inheritdoc />
    public Task<PackageUpdateResult> SetListedAsync(PackageCoordinate coordinate, bool listed, DateTimeOffset updatedAt, CancellationToken cancellationToken) =>
        UpdateVersionAsync(coordinate, version => PackageChanges.SetListed(version, listed, StoredTime(updatedAt)), cancellationToken);

    /// <inheritdoc />
    public Task<PackageUpdateResult> UpdateMetadataAsync(PackageCoordinate coordinate, Func<string?, string?> change, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return UpdateVersionAsync(coordinate, version => PackageChanges.SetMetadata(version, change, StoredTime(updatedAt)), cancellationToken);
    }

    /// <inheritdoc />
    public Task<PackageUpdateResult> SetDeprecationAsync(long projectId, PackageType type, string normalizedName, IReadOnlyDictionary<string, string?> messagesByNormalizedVersion, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messagesByNormalizedVersion);
        return UpdateVersionsAsync(
            projectId,
            type,
            normalizedName,
            "1 = 1",
            [],
            versions => PackageChanges.SetDeprecation(versions, messagesByNormalizedVersion, StoredTime(updatedAt)),
            cancellationToken);
    }

    /// <summary>A change of one version: <see cref="UpdateVersionsAsync"/> reading that version alone; <paramref name="change"/> answers null for "nothing to do".</summary>
    private Task<PackageUpdateResult> UpdateVersionAsync(PackageCoordinate coordinate, Func<Package, Package?> change, CancellationToken cancellationToken) =>
        UpdateVersionsAsync(
            coordinate.ProjectId,
            coordinate.Type,
            coordinate.NormalizedName,
            "p.normalized_version = @normalized_version",
            [("@normalized_version", coordinate.NormalizedVersion)],
            versions => versions.Count == 0 ? null : change(versions[0]) is { } changed ? [changed] : [],
            cancellationToken);

    /// <summary>
    /// The shape of every change over the versions of one name: lock them all (in id order, so two units never wait on
    /// each other in a cycle), read those matching <paramref name="candidates"/>, let <paramref name="change"/> decide
    /// (null: not found) and write what it changed, in one transaction.
    /// </summary>
    private Task<PackageUpdateResult> UpdateVersionsAsync(
        long projectId,
        PackageType type,
        string normalizedName,
        string candidates,
        (string Name, object? Value)[] candidateParameters,
        Func<IReadOnlyList<Package>, IReadOnlyList<Package>?> change,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(type);
        (string, object?)[] nameParameters = [("@project_id", projectId), ("@type", type.Name), ("@normalized_name", normalizedName)];
        const string NameMatch = "p.project_id = @project_id AND p.type = @type AND p.normalized_name = @normalized_name";
        return database.LockingWriteAsync(
            async (connection, transaction) =>
            {
                if (database.LockRowsClause.Length > 0)
                {
                    // Locks every version, not only the candidates: two moves of a tag that no version holds yet read
                    // disjoint candidates, and only a lock on the rows they share makes the second see the first.
                    await connection.ListAsync(
                        transaction,
                        $"SELECT p.id FROM packages p WHERE {NameMatch} AND {NotDestroyed} ORDER BY p.id {database.LockRowsClause}",
                        static r => r.GetInt64(0),
                        cancellationToken,
                        nameParameters).ConfigureAwait(false);
                }

                var versions = await connection.ListAsync(
                    transaction,
                    $"SELECT {PackageRows.PackageColumns} FROM packages p WHERE {NameMatch} AND {NotDestroyed} AND {candidates} ORDER BY p.id",
                    PackageRows.ReadPackage,
                    cancellationToken,
                    [.. nameParameters, .. candidateParameters]).ConfigureAwait(false);
                return change(versions) is { } changed
                    ? await WriteChangesAsync(connection, transaction, changed, cancellationToken).ConfigureAwait(false)
                    : PackageUpdateResult.NotFound;
            },
            cancellationToken);
    }

    /// <summary>
    /// Writes versions read and changed inside this transaction. Every tracked-table update moves the database revision
    /// (SQLite's trigger, PostgreSQL's snapshot) and, through <c>updated_at</c>, status, tags and metadata, the versions
    /// fingerprint, so cached documents are rebuilt.
    /// </summary>
    private static async Task<PackageUpdateResult> WriteChangesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Package> changed, CancellationToken cancellationToken)
    {
        foreach (var package in changed)
        {
            await connection.ExecuteAsync(
                transaction,
                "UPDATE packages SET status = @status, tags = @tags, metadata = @metadata, updated_at = @updated_at WHERE id = @id",
                cancellationToken,
                ("@status", (int)package.Status),
                ("@tags", PackageRows.SerializeTags(package.Tags)),
                ("@metadata", package.Metadata),
                ("@updated_at", package.UpdatedAt.ToUnixMs()),
                ("@id", package.Id)).ConfigureAwait(false);
        }

        return PackageUpdateResult.Of(changed);
    }

    // The schema keeps milliseconds: the packages a change returns carry the time a later read gives.
    private static DateTimeOffset StoredTime(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixMs());

    /// <inheritdoc />
    public async Task<bool> MarkPackagePendingDestructionAsync(long projectId, long packageId, CancellationToken cancellationToken)
    {
        var changed = await database.ExecuteAsync(
            "UPDATE packages SET status = 4 WHERE id = @id AND project_id = @project_id AND status <> 4",
            cancellationToken,
            ("@id", packageId),
            ("@project_id", projectId)).ConfigureAwait(false);
        return changed > 0;
    }

    /// <inheritdoc />
    public async Task<bool> MarkFilePendingDestructionAsync(long packageId, long fileId, CancellationToken cancellationToken)
    {
        var changed = await database.ExecuteAsync(
            "UPDATE package_files SET status = 1 WHERE id = @id AND package_id = @package_id AND status = 0",
            cancellationToken,
            ("@id", fileId),
            ("@package_id", packageId)).ConfigureAwait(false);
        return changed > 0;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The times go to <c>package_download_stats</c>, which no change tracking covers (migration 11), and the connection's
    /// note that it wrote is dropped, so neither another host's revision nor this host's own moves and no read cache
    /// is emptied. On PostgreSQL without notifications the revision is the cluster's snapshot, which any commit moves;
    /// that mode pays for it with a query per read already.
    /// </remarks>
    public async Task RecordDownloadsAsync(IReadOnlyDictionary<long, DateTimeOffset> downloads, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(downloads);
        if (downloads.Count == 0)
        {
            return;
        }

        var rows = downloads.ToList();
        await database.WriteAsync(
            async (connection, transaction) =>
            {
                foreach (var chunk in rows.Chunk(DownloadsPerStatement))
                {
                    await connection.ExecuteAsync(transaction, DownloadStatsSql.Upsert(chunk.Length), cancellationToken, DownloadStatsSql.Parameters(chunk, interval)).ConfigureAwait(false);
                }

                RelationalCommands.ForgetUntrackedWrites(connection);
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, DateTimeOffset>> ListLastDownloadsAsync(IReadOnlyCollection<long> packageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packageIds);
        var times = new Dictionary<long, DateTimeOffset>();
        foreach (var chunk in packageIds.Distinct().Chunk(DownloadsPerStatement))
        {
            var rows = await database.ListAsync(
                DownloadStatsSql.Select(chunk.Length),
                static r => (Id: r.GetInt64(0), At: r.GetTime(1)),
                cancellationToken,
                DownloadStatsSql.IdParameters(chunk)).ConfigureAwait(false);
            foreach (var (id, at) in rows)
            {
                times[id] = at;
            }
        }

        return times;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> PurgePendingDestructionAsync(CancellationToken cancellationToken)
    {
        // A file row is doomed when it is pending destruction itself or belongs to a package that is.
        const string Doomed = "(f.status = 1 OR f.package_id IN (SELECT id FROM packages WHERE status = 4))";
        const string Survives = "(g.status = 0 AND g.package_id NOT IN (SELECT id FROM packages WHERE status = 4))";

        return await database.WriteAsync(
            async (connection, transaction) =>
            {
                var unreferenced = await connection.ListAsync(
                    transaction,
                    $"""
                    SELECT DISTINCT f.sha256 FROM package_files f
                    WHERE {Doomed}
                      AND NOT EXISTS (SELECT 1 FROM package_files g WHERE g.sha256 = f.sha256 AND {Survives})
                    ORDER BY f.sha256
                    """,
                    static r => r.GetString(0),
                    cancellationToken).ConfigureAwait(false);

                await connection.ExecuteAsync(
                    transaction,
                    $"DELETE FROM package_files WHERE id IN (SELECT f.id FROM package_files f WHERE {Doomed})",
                    cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    transaction,
                    "DELETE FROM package_build_infos WHERE package_id IN (SELECT id FROM packages WHERE status = 4)",
                    cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(transaction, "DELETE FROM packages WHERE status = 4", cancellationToken).ConfigureAwait(false);

                return unreferenced;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> IsBlobReferencedAsync(string key, CancellationToken cancellationToken)
    {
        var found = await database.ScalarAsync(
            "SELECT 1 FROM package_files WHERE sha256 = @sha256 LIMIT 1",
            cancellationToken,
            ("@sha256", key)).ConfigureAwait(false);
        return found is not null;
    }

    /// <inheritdoc />
    public Task<long> ClaimBlobAsync(string key, DateTimeOffset claimedAt, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        return database.LockingWriteAsync(
            async (connection, transaction) =>
            {
                await LockKeyAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
                var claim = await connection.ScalarInt64Async(
                    transaction,
                    "INSERT INTO blob_claims (sha256, claimed_at) VALUES (@sha256, @claimed_at) RETURNING id",
                    cancellationToken,
                    ("@sha256", key),
                    ("@claimed_at", claimedAt.ToUnixMs())).ConfigureAwait(false);

                // Claims are untracked, and the collector reads them in its own write unit: a notification and a wait
                // saved on every publish on PostgreSQL.
                RelationalCommands.ForgetUntrackedWrites(connection);
                return claim;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Why a blob cannot be deleted while a row refers to it, on every host sharing the database:
    /// <list type="number">
    /// <item>A publish claims the key (<see cref="ClaimBlobAsync"/>), then commits the blob, then records its row and
    /// releases the claim in one transaction (<see cref="TryAddFileAsync"/>). All three database steps and this method
    /// take the key's lock first (<see cref="RelationalDatabase.KeyLockStatement"/>; SQLite's write lock), and this
    /// method deletes the blob while it holds the lock, after reading rows and claims in the same transaction.</item>
    /// <item>If this method runs before the claim, the blob is gone before the publish commits it, so the publish's commit
    /// writes it again (its temp file holds the bytes).</item>
    /// <item>If it runs after the claim and the claim is younger than the cutoff, it deletes nothing; after the row is
    /// recorded, it sees the row and deletes nothing.</item>
    /// <item>If the claim is older than the cutoff (a publish stalled longer than the grace period between claiming and
    /// recording, an hour by default, across one rename), this method drops the claim with the blob, and the publish's
    /// release finds its claim gone and records nothing: it fails rather than leave a row without bytes. PostgreSQL
    /// reports the release of a row deleted after its snapshot as a serialization failure, which runs it again and then
    /// finds nothing.</item>
    /// </list>
    /// The blob's own age (the collector's first filter) is only a cheap pre-filter; the claims are what makes it safe,
    /// also with a grace period of seconds.
    /// </remarks>
    public Task<bool> TryCollectBlobAsync(string key, DateTimeOffset claimCutoff, Func<CancellationToken, Task> deleteBlob, CancellationToken cancellationToken)
    {
        BlobKey.Validate(key, nameof(key));
        ArgumentNullException.ThrowIfNull(deleteBlob);

        // Read committed on PostgreSQL (LockingWriteAsync): each statement after the lock sees what the previous holder committed.
        return database.LockingWriteAsync(
            async (connection, transaction) =>
            {
                await LockKeyAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
                var kept = await connection.ScalarAsync(
                    transaction,
                    """
                    SELECT 1 WHERE EXISTS (SELECT 1 FROM package_files WHERE sha256 = @sha256)
                       OR EXISTS (SELECT 1 FROM blob_claims WHERE sha256 = @sha256 AND claimed_at > @cutoff)
                    """,
                    cancellationToken,
                    ("@sha256", key),
                    ("@cutoff", claimCutoff.ToUnixMs())).ConfigureAwait(false);
                if (kept is not null)
                {
                    return false;
                }

                // Claims first, so that a publish releasing one concurrently waits for this transaction and then finds it gone.
                await connection.ExecuteAsync(
                    transaction,
                    "DELETE FROM blob_claims WHERE sha256 = @sha256",
                    cancellationToken,
                    ("@sha256", key)).ConfigureAwait(false);
                await deleteBlob(cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task DropExpiredBlobClaimsAsync(DateTimeOffset claimCutoff, CancellationToken cancellationToken) =>
        // Without the key lock: a publish whose expired claim goes here fails at its release, as it would after a collection.
        database.WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(
                transaction,
                "DELETE FROM blob_claims WHERE claimed_at <= @cutoff",
                cancellationToken,
                ("@cutoff", claimCutoff.ToUnixMs())),
            cancellationToken);

    private async Task LockKeyAsync(DbConnection connection, DbTransaction transaction, string key, CancellationToken cancellationToken)
    {
        if (database.KeyLockStatement is { } statement)
        {
            await connection.ExecuteAsync(transaction, statement, cancellationToken, ("@lock_key", "blob:" + key)).ConfigureAwait(false);
        }
    }

    private async Task ReleaseClaimAsync(DbConnection connection, DbTransaction transaction, string key, long claim, CancellationToken cancellationToken)
    {
        await LockKeyAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
        var released = await connection.ExecuteAsync(
            transaction,
            "DELETE FROM blob_claims WHERE id = @id AND sha256 = @sha256",
            cancellationToken,
            ("@id", claim),
            ("@sha256", key)).ConfigureAwait(false);
        if (released == 0)
        {
            throw new InvalidOperationException(
                $"The claim on blob {key} expired before the file was recorded, and garbage collection may have deleted the blob; publish again.");
        }
    }

    private static async Task<bool> IsDuplicateAsync(DbConnection connection, DbTransaction transaction, long packageId, NewPackageFile file, CancellationToken cancellationToken)
    {
        // "Existing" means the package already had a live file: a package whose files were all deleted
        // takes new ones, as a fresh publish would.
        var found = file.Duplicates switch
        {
            DuplicateRule.Allow => null,
            DuplicateRule.RejectSameFileName => await connection.ScalarAsync(
                transaction,
                "SELECT 1 FROM package_files WHERE package_id = @package_id AND status = 0 AND file_name = @file_name LIMIT 1",
                cancellationToken,
                ("@package_id", packageId),
                ("@file_name", file.FileName)).ConfigureAwait(false),
            DuplicateRule.RejectExistingPackage => await connection.ScalarAsync(
                transaction,
                "SELECT 1 FROM package_files WHERE package_id = @package_id AND status = 0 LIMIT 1",
                cancellationToken,
                ("@package_id", packageId)).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(file), file.Duplicates, "Unknown duplicate rule."),
        };
        return found is not null;
    }

    private static async Task AddBuildInfoAsync(DbConnection connection, DbTransaction transaction, long packageId, BuildInfo build, DateTimeOffset publishedAt, CancellationToken cancellationToken)
    {
        var createdAt = build.CreatedAt == default ? publishedAt : build.CreatedAt;
        await connection.ExecuteAsync(
            transaction,
            """
            INSERT INTO package_build_infos (package_id, pipeline_id, ref, commit_sha, user_id, created_at)
            VALUES (@package_id, @pipeline_id, @ref, @commit_sha, @user_id, @created_at)
            """,
            cancellationToken,
            ("@package_id", packageId),
            ("@pipeline_id", build.PipelineId),
            ("@ref", build.Ref),
            ("@commit_sha", build.CommitSha),
            ("@user_id", build.UserId),
            ("@created_at", createdAt.ToUnixMs())).ConfigureAwait(false);

        // GitLab keeps the newest five per package; older ones are noise in the package page.
        await connection.ExecuteAsync(
            transaction,
            """
            DELETE FROM package_build_infos
            WHERE package_id = @package_id
              AND id NOT IN (SELECT id FROM package_build_infos WHERE package_id = @package_id ORDER BY created_at DESC, id DESC LIMIT @keep)
            """,
            cancellationToken,
            ("@package_id", packageId),
            ("@keep", KeptBuildInfos)).ConfigureAwait(false);
    }

    private static Task<Package?> ReadPackageAsync(DbConnection connection, DbTransaction transaction, long packageId, CancellationToken cancellationToken) =>
        connection.FirstOrDefaultAsync(
            transaction,
            $"SELECT {PackageRows.PackageColumns} FROM packages p WHERE p.id = @id",
            PackageRows.ReadPackage,
            cancellationToken,
            ("@id", packageId));

    // Keys of the lookups cached per database revision (RevisionCache).
    private sealed record CoordinateKey(long ProjectId, string Type, string NormalizedName, string NormalizedVersion) : IRevisionScoped
    {
        public RevisionScope Scope => RevisionScope.Project(ProjectId);
    }

    private sealed record PackageIdKey(long ProjectId, long PackageId) : IRevisionScoped
    {
        public RevisionScope Scope => RevisionScope.Project(ProjectId);
    }

    private sealed record CatalogKey(RelationalPackageStore Store, long ProjectId, string Type, string NormalizedName);

    private sealed record VersionCatalog(IReadOnlyList<VersionSummary> Summaries, string? Fingerprint);

    private sealed record FingerprintKey(long ProjectId, string Type, string NormalizedName) : IRevisionScoped
    {
        public RevisionScope Scope => RevisionScope.Project(ProjectId);
    }

    private sealed record NewestFileKey(long PackageId, string FileName) : IRevisionScoped
    {
        public RevisionScope Scope => RevisionScope.Package(PackageId);
    }

    private sealed record FilesKey(long PackageId) : IRevisionScoped
    {
        public RevisionScope Scope => RevisionScope.Package(PackageId);
    }

    private sealed record QueryKey(string ProjectIds, PackageQuery Query, RevisionScope Scope) : IRevisionScoped;

    private static readonly long[] NoProjects = [];

    // Two parameters a package: far below SQLite's and PostgreSQL's limits on parameters per statement.
    private const int DownloadsPerStatement = 500;
}
