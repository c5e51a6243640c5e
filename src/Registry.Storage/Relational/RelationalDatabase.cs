using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Registry.Storage.Relational;

/// <summary>
/// One metadata database as the shared store and directory see it: connections with the schema brought up to date,
/// and the few things that differ between SQLite and PostgreSQL (the identity column, how a write transaction
/// starts, which errors mean "run it again", how text sorts). Everything else, schema and DML, is shared SQL.
/// </summary>
internal abstract class RelationalDatabase : IAsyncDisposable, IDisposable
{
    private const int MaxWriteAttempts = 30;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;
    private bool _disposed;

    /// <summary>Creates the database; nothing is opened until the first connection is asked for.</summary>
    protected RelationalDatabase(TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _timeProvider = timeProvider;
        _logger = logger;
        Revisions = new RevisionCache(this);
    }

    /// <summary>Lookups answered from memory while <see cref="ReadRevisionAsync"/> is unchanged, within a read scope.</summary>
    public RevisionCache Revisions { get; }

    /// <summary>
    /// The SQL of schema migration 3 that makes <see cref="RevisionQuery"/> change with every committed write to
    /// <see cref="RegistrySchema.TrackedTables"/>, or null when the dialect's revision needs no schema.
    /// </summary>
    public abstract string? ChangeTrackingSchema { get; }

    /// <summary>
    /// One query whose single value differs between any two moments between which a row of
    /// <see cref="RegistrySchema.TrackedTables"/> changed, whichever host committed the change.
    /// </summary>
    protected abstract string RevisionQuery { get; }

    /// <summary>The identity column of the schema's tables in this dialect.</summary>
    public abstract string IdentityColumn { get; }

    /// <summary>
    /// A collation that orders text by code point, written after an <c>ORDER BY</c> text column, so both databases
    /// page identically whatever the server's locale.
    /// </summary>
    public abstract string BinaryCollation { get; }

    /// <summary>Opens a connection, after applying pending migrations once; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one statement on a connection of its own (autocommit); the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(null, sql, cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one query on a connection of its own; its first value, or null.</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ScalarAsync(null, sql, cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one query on a connection of its own; every row, read by <paramref name="read"/>.</summary>
    public async Task<List<T>> ListAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ListAsync(null, sql, read, cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one query on a connection of its own; the first row, read by <paramref name="read"/>, or the default.</summary>
    public async Task<T?> FirstOrDefaultAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.FirstOrDefaultAsync(null, sql, read, cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    /// <summary>The database's current revision (<see cref="RevisionQuery"/>): equal values mean no row changed in between.</summary>
    public virtual async Task<string> ReadRevisionAsync(CancellationToken cancellationToken) =>
        Convert.ToString(await ScalarAsync(RevisionQuery, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture)
        ?? string.Empty;

    /// <summary>Whether the schema is up to date in this instance (<see cref="EnsureInitializedAsync"/> has run).</summary>
    protected bool IsInitialized => _initialized;

    /// <summary>Applies pending migrations once per instance; later calls return at once.</summary>
    public async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await InitializeAsync(cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <summary>Starts a transaction whose reads all see one snapshot.</summary>
    public abstract ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a write transaction that behaves as if it ran alone: SQLite takes the write lock at once, PostgreSQL
    /// runs it serializable and reports conflicts as errors that <see cref="IsRetryable"/> recognises.
    /// </summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the transaction of one schema migration. It must exclude every other migrating process until it ends,
    /// so that two hosts starting at once apply each migration exactly once.
    /// </summary>
    public virtual ValueTask<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DisposeConnections();
        _initialization.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and commits it. When the database reports that a
    /// concurrent transaction got in the way, the whole unit runs again on a fresh snapshot, so its outcome is the
    /// one a serial run would give (the second of two publishers sees the first's row and answers "duplicate").
    /// The work must therefore have no effect outside the transaction.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, BeginWriteAsync, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> as <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, Task{T}}, CancellationToken)"/>
    /// does, in a transaction from <see cref="BeginLockingWriteAsync"/>: for a read-then-write that first locks the rows
    /// it reads with <see cref="LockRowsClause"/>, so concurrent units over the same rows queue instead of conflicting.
    /// </summary>
    public Task<T> LockingWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, BeginLockingWriteAsync, cancellationToken);

    /// <summary>
    /// What a <c>SELECT</c> inside <see cref="LockingWriteAsync{T}"/> ends with to lock the rows it reads until the
    /// transaction ends (PostgreSQL's <c>FOR UPDATE</c>); empty where the transaction excludes other writers already
    /// (SQLite's write lock), in which case the locking statement is skipped.
    /// </summary>
    public virtual string LockRowsClause => string.Empty;

    /// <summary>
    /// Starts the transaction of <see cref="LockingWriteAsync{T}"/>. The default is <see cref="BeginWriteAsync"/>, which
    /// is correct for any dialect; one with row locks overrides it with an isolation level in which a statement that
    /// waited for a lock reads the rows as the previous holder committed them.
    /// </summary>
    public virtual ValueTask<DbTransaction> BeginLockingWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, cancellationToken);

    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> begin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await begin(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    try
                    {
                        var result = await work(connection, transaction).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        return result;
                    }
                    catch (DbException ex) when (attempt < MaxWriteAttempts && IsRetryable(ex))
                    {
                        // Rolled back by the disposal below; fall through to the next attempt.
                    }
                }
            }

            // Jitter, so that the losers of one conflict do not collide again in lockstep.
            var delay = Math.Min(200, 2 << Math.Min(attempt, 7));
            await Task.Delay(Random.Shared.Next(1, delay), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a write that returns nothing; see <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, Task{T}}, CancellationToken)"/>.</summary>
    public Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteAsync<bool>(
            async (connection, transaction) =>
            {
                await work(connection, transaction).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Whether the error means a concurrent transaction conflicted and running the unit again can succeed.</summary>
    protected abstract bool IsRetryable(DbException exception);

    /// <summary>Opens a connection with the dialect's per-connection settings, without migrating.</summary>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Runs once before the first connection is handed out: applies pending migrations.</summary>
    protected virtual async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await SchemaMigrator.ApplyAsync(connection, this, _timeProvider, _logger, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes pooled and kept connections, so the database file or server session is let go.</summary>
    protected abstract void DisposeConnections();
}
