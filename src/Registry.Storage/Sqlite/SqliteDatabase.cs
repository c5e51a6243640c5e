using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Storage.Relational;

namespace Registry.Storage.Sqlite;

/// <summary>
/// One SQLite database: opens configured connections and brings the schema up to date before the first one is
/// handed out. Writers are serialized by the database's write lock (<c>BEGIN IMMEDIATE</c>), so no write ever
/// needs to run again.
/// </summary>
/// <remarks>
/// A shared in-memory database lives only while a connection to it is open, so for those a keep-alive
/// connection is held until this singleton is disposed with its container.
/// </remarks>
internal sealed class SqliteDatabase : RelationalDatabase
{
    /// <summary>SQLite's identity column; AUTOINCREMENT so that ids exposed through the API are never reused after a purge.</summary>
    public const string Identity = "id INTEGER PRIMARY KEY AUTOINCREMENT";

    private const int BusyTimeoutMilliseconds = 5000;

    private static readonly object Configured = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];

    /// <summary>
    /// At most this many scopes have a counter in memory; past it every counter restarts from the current revision
    /// (<see cref="ScopedRevisions"/>), so the scopes of packages nobody reads any more do not stay for the host's lifetime.
    /// </summary>
    internal const int MaxScopes = 100_000;

    private readonly Lock _revisionLock = new();
    private readonly ScopedRevisions _scopes = new(MaxScopes);
    private SqliteConnection? _keepAlive;
    private SqliteCommand? _revisionCommand;

    /// <summary>Creates the database; nothing is opened until the first connection is asked for.</summary>
    public SqliteDatabase(string connectionString, TimeProvider timeProvider, ILogger<SqliteDatabase>? logger = null)
        : base(timeProvider, (ILogger?)logger ?? NullLogger.Instance)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
        {
            // Every connection to ":memory:" gets its own empty database, which cannot hold a registry.
            throw new ArgumentException(
                "Use a named shared in-memory database ('Data Source=<name>;Mode=Memory;Cache=Shared') or a file path.",
                nameof(connectionString));
        }

        IsInMemory = builder.Mode == SqliteOpenMode.Memory;
        if (IsInMemory)
        {
            // Without a shared cache each connection would see a different database.
            builder.Cache = SqliteCacheMode.Shared;
        }
        else
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                System.IO.Directory.CreateDirectory(directory);
            }
        }

        ConnectionString = builder.ToString();
    }

    /// <summary>The connection string as used (normalized).</summary>
    public string ConnectionString { get; }

    /// <summary>Whether the database is a shared in-memory one.</summary>
    public bool IsInMemory { get; }

    /// <inheritdoc />
    public override string IdentityColumn => Identity;

    /// <inheritdoc />
    public override string BinaryCollation => "BINARY";

    /// <inheritdoc />
    /// <remarks>
    /// A one-row counter that triggers on every tracked table bump in the writing transaction itself, so the counter and
    /// the rows it guards become visible to readers together. SQLite has one writer at a time, so the row costs no
    /// contention; <c>PRAGMA data_version</c> would be cheaper but is only comparable within one connection.
    /// </remarks>
    public override string? ChangeTrackingSchema => ChangeTrackingSql;

    /// <inheritdoc />
    protected override string RevisionQuery => "SELECT value FROM change_revision WHERE id = 1";

    /// <inheritdoc />
    /// <remarks>
    /// Every read request asks this once, so it runs on a connection of its own with the statement prepared once:
    /// from the pool, SQLite would parse the query on every request. Each run is its own read transaction, so it sees
    /// the newest commit of any process, and it holds no snapshot between runs (checkpoints are not held back). The one
    /// statement (<see cref="ScopedRevisionQuery"/>) reads, in one snapshot, the counter row and the scopes changed since
    /// the previous run, and moves their counters (<see cref="KnownScopeCounter"/>) before it returns; the revision it
    /// returns is a constant base, so that a commit empties only the cache generations of the scopes it changed.
    /// </remarks>
    public override async Task<string> ReadRevisionAsync(CancellationToken cancellationToken)
    {
        if (!IsInitialized)
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_revisionLock)
        {
            _revisionCommand ??= PrepareRevisionCommand();

            // Before the first run nothing is known: only the counter row is read (a database with many scope rows is
            // not read whole at start), and every scope starts from it.
            _revisionCommand.Parameters[0].Value = _scopes.Last ?? long.MaxValue;
            long? current = null;
            List<(string Scope, long Revision)>? changed = null;
            using (var reader = _revisionCommand.ExecuteReader())
            {
                while (reader.Read())
                {
                    var scope = reader.GetString(0);
                    if (scope.Length == 0)
                    {
                        current = reader.GetInt64(1);
                    }
                    else
                    {
                        (changed ??= []).Add((scope, reader.GetInt64(1)));
                    }
                }
            }

            _scopes.Apply(current ?? throw new InvalidOperationException("The change_revision row is missing."), changed);
            return ScopedRevisions.Base;
        }
    }

    /// <inheritdoc />
    /// <remarks>One step of a prepared statement on a connection of its own, against a pooled open and a query per lookup.</remarks>
    protected override bool ReadsRevisionCheaply => true;

    /// <inheritdoc />
    protected override long KnownScopeCounter(RevisionScope scope) => _scopes.Counter(scope);

    /// <summary>
    /// The revision read: the scopes changed since the last run (<c>revision &gt; @last</c>, served by the index on
    /// <c>revision</c>) and, as the row with an empty scope, the current value of the counter row. One statement is one
    /// snapshot, so no scope row of a commit newer than the counter value is ever read without it, nor the other way.
    /// </summary>
    private const string ScopedRevisionQuery =
        "SELECT scope, revision FROM change_scopes WHERE revision > @last UNION ALL SELECT '', value FROM change_revision WHERE id = 1";

    /// <inheritdoc />
    /// <remarks>
    /// The scoped triggers of <see cref="ScopedChangeTrackingSchema"/>, with the table they write (idempotent): migrations
    /// 5 and 8 run this before migration 12, and a database left between them (a start that stopped half-way) must
    /// still take writes, from a host of any version.
    /// </remarks>
    public override string? ChangeTrackingOf(string table) => ScopesTable + ScopedTriggers(table);

    /// <inheritdoc />
    /// <remarks>
    /// The table <c>change_scopes</c> (a row per scope: <c>d</c>, <c>p&lt;project id&gt;</c>, <c>k&lt;package id&gt;</c>,
    /// holding the value of <c>change_revision</c> at the scope's newest change), and the triggers of every tracked table
    /// replaced by <see cref="ScopedTriggers"/>. The counter row still moves with every commit, so a host of the previous
    /// version on the same file (a rolling upgrade) keeps working.
    /// </remarks>
    public override string? ScopedChangeTrackingSchema { get; } = ScopesTable + string.Concat(RegistrySchema.TrackedTables.Select(ScopedTriggers));

    /// <inheritdoc />
    /// <remarks>
    /// Covering: a row of <c>packages</c> carries its metadata, so reading 10,000 versions' rows for the catalog read
    /// megabytes of pages; the index holds every column the catalog selects, the metadata's size as an indexed
    /// expression, whose value SQLite reads from the index instead of computing it from the row.
    /// </remarks>
    public override string? CatalogIndexSchema =>
        "CREATE INDEX ix_packages_catalog ON packages (project_id, type, normalized_name, created_at, id, name, version, normalized_version, status, tags, updated_at, octet_length(metadata)) WHERE status <> 4;\n";

    private const string ScopesTable =
        "CREATE TABLE IF NOT EXISTS change_scopes (scope TEXT NOT NULL PRIMARY KEY, revision BIGINT NOT NULL);\n"
        + "CREATE INDEX IF NOT EXISTS ix_change_scopes_revision ON change_scopes (revision);\n";

    // Declared before ChangeTrackingSql, whose initializer reads it: static initializers run in textual order.
    private static readonly string[] TrackedOperations = ["INSERT", "UPDATE", "DELETE"];

    // Migration 3's SQL as it shipped: the unscoped triggers, which migration 12 replaces.
    private static string ChangeTrackingSql { get; } =
        "CREATE TABLE change_revision (id INTEGER NOT NULL PRIMARY KEY, value BIGINT NOT NULL);\n"
        + "INSERT INTO change_revision (id, value) VALUES (1, 0);\n"
        + string.Concat(RegistrySchema.FirstTrackedTables.Select(Triggers));

    private static string Triggers(string table) => string.Concat(TrackedOperations.Select(operation =>
        $"CREATE TRIGGER tr_{table}_{operation.ToLowerInvariant()}_revision AFTER {operation} ON {table} "
        + "BEGIN UPDATE change_revision SET value = value + 1 WHERE id = 1; END;\n"));

    /// <summary>
    /// The triggers of <paramref name="table"/>: after bumping <c>change_revision</c>, each upserts the scopes the row
    /// touched with the bumped value, the same scopes as PostgreSQL's <c>registry_notify_change</c>: the project and the
    /// package of a package row, of a file and of a build information row (old and new row), the directory for every
    /// other table.
    /// </summary>
    /// <remarks>
    /// A file row whose package row is gone was deleted with it (the foreign key cascades), and the package row's own
    /// trigger names the project.
    /// </remarks>
    private static string ScopedTriggers(string table) => string.Concat(TrackedOperations.Select(operation =>
    {
        var name = $"tr_{table}_{operation.ToLowerInvariant()}_revision";
        return $"DROP TRIGGER IF EXISTS {name};\n"
            + $"CREATE TRIGGER {name} AFTER {operation} ON {table} BEGIN "
            + "UPDATE change_revision SET value = value + 1 WHERE id = 1; "
            + "INSERT INTO change_scopes (scope, revision) SELECT scope, (SELECT value FROM change_revision WHERE id = 1) FROM ("
            + string.Join(" UNION ", Rows(operation).SelectMany(row => Scopes(table, row)))
            // WHERE true: without it SQLite would read ON CONFLICT as the join constraint of the subquery.
            + ") WHERE true ON CONFLICT (scope) DO UPDATE SET revision = excluded.revision; END;\n";
    }));

    private static string[] Rows(string operation) => operation switch
    {
        "INSERT" => ["NEW"],
        "DELETE" => ["OLD"],
        _ => ["OLD", "NEW"],
    };

    private static string[] Scopes(string table, string row) => table switch
    {
        "packages" => [$"SELECT 'p' || {row}.project_id AS scope", $"SELECT 'k' || {row}.id"],
        "package_files" or "package_build_infos" =>
            [$"SELECT 'p' || project_id AS scope FROM packages WHERE id = {row}.package_id", $"SELECT 'k' || {row}.package_id"],
        _ => ["SELECT 'd' AS scope"],
    };

    /// <inheritdoc />
    protected override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (IsInMemory)
        {
            _keepAlive ??= await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // WAL is a property of the database file and persists, so setting it once here is enough;
            // it lets readers proceed while a publish holds the write lock.
            var connection = await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            }
        }

        await base.InitializeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override void DisposeConnections()
    {
        lock (_revisionLock)
        {
            var connection = _revisionCommand?.Connection;
            _revisionCommand?.Dispose();
            connection?.Dispose();
            _revisionCommand = null;
        }

        _keepAlive?.Dispose();
        _keepAlive = null;
        using (var pooled = new SqliteConnection(ConnectionString))
        {
            // Pooled connections would keep the file open (and a shared in-memory database alive) after disposal.
            SqliteConnection.ClearPool(pooled);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>BEGIN IMMEDIATE</c> takes the database's write lock before the first read, so a transaction that reads
    /// and then writes never fails half-way because another writer came first; the busy timeout makes others wait.
    /// </remarks>
    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
    }

    /// <inheritdoc />
    public override ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
    }

    private SqliteCommand PrepareRevisionCommand()
    {
        // Not pooled: Pooling=False gives this connection its own handle for the host's lifetime.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        try
        {
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}";
                pragma.ExecuteNonQuery();
            }

            var command = connection.CreateCommand();
            command.CommandText = ScopedRevisionQuery;
            command.Parameters.Add("@last", SqliteType.Integer);
            command.Prepare();
            return command;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task<SqliteConnection> OpenConfiguredAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Both settings belong to SQLite's connection handle, which the pool reuses: set them once per handle
            // rather than on every open, which cost each request a statement per query.
            var handle = connection.Handle;
            if (handle is not null && _configured.TryGetValue(handle, out _))
            {
                return connection;
            }

            await ExecuteAsync(
                connection,
                $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA foreign_keys = ON;",
                cancellationToken).ConfigureAwait(false);
            if (handle is not null)
            {
                _configured.AddOrUpdate(handle, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a constant statement (a pragma) outside any transaction.</summary>
    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
#pragma warning disable CA2100 // Constant pragmas only; no value is ever spliced in from outside.
            command.CommandText = sql;
#pragma warning restore CA2100
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>Writers queue on the write lock instead of conflicting; a busy timeout is a real failure.</remarks>
    protected override bool IsRetryable(DbException exception) => false;
}
