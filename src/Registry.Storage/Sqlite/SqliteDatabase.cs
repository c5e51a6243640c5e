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
    private readonly Lock _revisionLock = new();
    private SqliteConnection? _keepAlive;
    private SqliteCommand? _revisionCommand;
    private (long Value, string Text) _lastRevision = (-1, string.Empty);

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
    /// the newest commit of any process, and it holds no snapshot between runs (checkpoints are not held back).
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
            var value = Convert.ToInt64(_revisionCommand.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (value != _lastRevision.Value)
            {
                _lastRevision = (value, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return _lastRevision.Text;
        }
    }

    /// <inheritdoc />
    public override string? ChangeTrackingOf(string table) => Triggers(table);

    // Declared before ChangeTrackingSql, whose initializer reads it: static initializers run in textual order.
    private static readonly string[] TrackedOperations = ["INSERT", "UPDATE", "DELETE"];

    private static string ChangeTrackingSql { get; } =
        "CREATE TABLE change_revision (id INTEGER NOT NULL PRIMARY KEY, value BIGINT NOT NULL);\n"
        + "INSERT INTO change_revision (id, value) VALUES (1, 0);\n"
        + string.Concat(RegistrySchema.FirstTrackedTables.Select(Triggers));

    private static string Triggers(string table) => string.Concat(TrackedOperations.Select(operation =>
        $"CREATE TRIGGER tr_{table}_{operation.ToLowerInvariant()}_revision AFTER {operation} ON {table} "
        + "BEGIN UPDATE change_revision SET value = value + 1 WHERE id = 1; END;\n"));

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
            command.CommandText = RevisionQuery;
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
