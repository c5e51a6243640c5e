using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Registry.Storage.Relational;

/// <summary>
/// The dialect contract of a relational metadata provider: one metadata database as the shared package store and
/// embedded directory see it. A provider (SQLite, PostgreSQL, or a third party's SQL Server or MySQL) derives from it
/// and supplies connections and the few things that differ between databases: the identity column, how read, write and
/// migration transactions start, which errors mean "run it again", how text sorts, and how the database's revision is
/// read. Everything else, the schema, its migrations and the DML, is SQL shared by every provider, so the SQL a
/// dialect receives must accept parameters (<c>@name</c>), <c>INSERT ... ON CONFLICT</c>, <c>RETURNING</c> and
/// <c>LIMIT/OFFSET</c>.
/// </summary>
/// <remarks>
/// A provider registers its database with <see cref="RelationalServices.Register"/> from its own builder extension
/// (<c>UseSqlite()</c>, <c>UsePostgreSql()</c>, ...). The instance is a singleton: it is created on first use, applies
/// pending schema migrations once (at host start, or before the first connection is handed out), and is disposed
/// with the container.
/// </remarks>
public abstract class RelationalDatabase : IAsyncDisposable, IDisposable
{
    private const int MaxWriteAttempts = 30;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private volatile bool _initialized;
    private readonly StateChangeEventHandler _closed;
    private readonly SemaphoreSlim? _writeSlots;
    private readonly AsyncLocal<bool> _holdsWriteSlot = new();
    private bool _disposed;

    /// <summary>Creates the database, with no bound on concurrent write units; nothing is opened until the first connection is asked for.</summary>
    /// <param name="timeProvider">The clock that stamps applied migrations.</param>
    /// <param name="logger">Where applied migrations are logged.</param>
    protected RelationalDatabase(TimeProvider timeProvider, ILogger logger)
        : this(timeProvider, logger, maxConcurrentWrites: 0)
    {
    }

    /// <summary>Creates the database; nothing is opened until the first connection is asked for.</summary>
    /// <param name="timeProvider">The clock that stamps applied migrations.</param>
    /// <param name="logger">Where applied migrations are logged.</param>
    /// <param name="maxConcurrentWrites">
    /// How many write units may run at once on this instance, 0 for no bound. The others wait in the host, first come
    /// first served, for a free slot. A database whose concurrent writers abort each other (PostgreSQL's serializable
    /// transactions over the same index pages) does more work the more run at once: each loser runs its unit again.
    /// A unit run inside another one (on the same async flow) uses its slot and never waits, so nesting cannot deadlock.
    /// </param>
    protected RelationalDatabase(TimeProvider timeProvider, ILogger logger, int maxConcurrentWrites)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegative(maxConcurrentWrites);
        _timeProvider = timeProvider;
        _logger = logger;
        Revisions = new RevisionCache(this);
        _closed = OnConnectionStateChange;
        _writeSlots = maxConcurrentWrites > 0 ? new SemaphoreSlim(maxConcurrentWrites, maxConcurrentWrites) : null;
    }

    /// <summary>Lookups answered from memory while <see cref="ReadRevisionAsync"/> is unchanged, within a read scope.</summary>
    internal RevisionCache Revisions { get; }

    /// <summary>
    /// The SQL of schema migration 3 that makes <see cref="RevisionQuery"/> change with every committed write to
    /// <see cref="RegistrySchema.TrackedTables"/> (triggers bumping a counter row, say), or null when the dialect's
    /// revision needs no schema (PostgreSQL reads its snapshot). The migration is recorded either way.
    /// </summary>
    public abstract string? ChangeTrackingSchema { get; }

    /// <summary>
    /// The SQL that adds <paramref name="table"/>, created by a migration after 3, to what makes <see cref="RevisionQuery"/>
    /// change (the triggers <see cref="ChangeTrackingSchema"/> gave <see cref="RegistrySchema.FirstTrackedTables"/>, in
    /// their latest form: those of <see cref="ScopedChangeTrackingSchema"/> or <see cref="ScopedChangeNotificationSchema"/>
    /// where the dialect has them), or null when the dialect's revision needs no schema. It is appended to the migration
    /// that creates the table, so it must not depend on a later migration having run before a write.
    /// </summary>
    /// <param name="table">A table of <see cref="RegistrySchema.TrackedTables"/> not in <see cref="RegistrySchema.FirstTrackedTables"/>.</param>
    /// <returns>The SQL, or null.</returns>
    public virtual string? ChangeTrackingOf(string table) => null;

    /// <summary>
    /// The SQL of schema migration 7, for a dialect whose revision comes from notifications of committed changes rather
    /// than a query per read (PostgreSQL's triggers calling <c>pg_notify</c> on every table of
    /// <see cref="RegistrySchema.TrackedTables"/> that exists then), or null when it needs none. The migration is
    /// recorded either way; tables created later are covered by <see cref="ChangeTrackingOf"/>.
    /// </summary>
    public virtual string? ChangeNotificationSchema => null;

    /// <summary>
    /// The SQL of schema migration 10, for a dialect whose notifications say what each commit changed
    /// (<see cref="RevisionScope"/>; PostgreSQL's trigger function naming the project and package), or null.
    /// </summary>
    public virtual string? ScopedChangeNotificationSchema => null;

    /// <summary>
    /// The SQL of schema migration 12, for a dialect whose revision is read with a query (SQLite's counter row) and that
    /// records, with every commit, the <see cref="RevisionScope"/>s it changed (a row per scope holding the revision of its
    /// newest change), so that <see cref="KnownScopeCounter"/> moves only for those; or null when it needs none
    /// (PostgreSQL's notifications carry the scopes, migration 10). The migration is recorded either way.
    /// </summary>
    public virtual string? ScopedChangeTrackingSchema => null;

    /// <summary>
    /// The index of schema migration 13 that serves the catalog of one package name (the versions of a project's name in
    /// publish order, which every metadata document reads after a change to the name): by default on the name's
    /// coordinates and the order (null here), so the versions come in order without a sort and without reading the
    /// project's other packages. A dialect may make it cover the catalog's columns (SQLite, where the table's rows carry
    /// the metadata).
    /// </summary>
    public virtual string? CatalogIndexSchema => null;

    /// <summary>
    /// One query whose single value differs between any two moments between which a row of
    /// <see cref="RegistrySchema.TrackedTables"/> changed, whichever host committed the change.
    /// </summary>
    protected abstract string RevisionQuery { get; }

    /// <summary>
    /// The identity column of the schema's tables in this dialect, as a column definition (for example
    /// <c>id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY</c>). Ids are exposed through the API, so they must
    /// never be handed out twice, even after the row is purged.
    /// </summary>
    public abstract string IdentityColumn { get; }

    /// <summary>
    /// A collation that orders text by code point, written after an <c>ORDER BY</c> text column, so both databases
    /// page identically whatever the server's locale.
    /// </summary>
    public abstract string BinaryCollation { get; }

    /// <summary>Opens a connection, after applying pending migrations once; the caller disposes it.</summary>
    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        connection.StateChange += _closed;
        return connection;
    }

    // Closing comes after the commit (or the rollback, which moves the revision needlessly but harmlessly).
    private void OnConnectionStateChange(object sender, StateChangeEventArgs e)
    {
        if (e.CurrentState == ConnectionState.Closed && sender is DbConnection connection)
        {
            connection.StateChange -= _closed;
            if (RelationalCommands.TakeChanged(connection))
            {
                OnWriteCommitted();
            }
        }
    }

    /// <summary>
    /// Runs one statement as a write unit of its own (<see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, Task{T}}, CancellationToken)"/>);
    /// the rows it changed.
    /// </summary>
    /// <remarks>
    /// A transaction rather than autocommit: a write unit's commit is marked (<see cref="BeforeCommitAsync"/>), so this
    /// host reads it at once by the scopes it changed, where an autocommit change can only move every scope's revision.
    /// </remarks>
    internal Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(transaction, sql, cancellationToken, parameters), cancellationToken);

    /// <summary>Runs one query on a connection of its own; its first value, or null.</summary>
    internal async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ScalarAsync(null, sql, cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one query on a connection of its own; every row, read by <paramref name="read"/>.</summary>
    internal async Task<List<T>> ListAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ListAsync(null, sql, read, cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one query on a connection of its own; the first row, read by <paramref name="read"/>, or the default.</summary>
    internal async Task<T?> FirstOrDefaultAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.FirstOrDefaultAsync(null, sql, read, cancellationToken, parameters).ConfigureAwait(false);
        }
    }

    /// <summary>The database's current revision (<see cref="RevisionQuery"/>): equal values mean no row changed in between.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The revision as text; only compared for equality.</returns>
    /// <remarks>
    /// Every read request asks this once (its lookups are then answered from memory while it is unchanged), so a
    /// dialect may override it with something cheaper than a pooled query.
    /// </remarks>
    public virtual async Task<string> ReadRevisionAsync(CancellationToken cancellationToken) =>
        Convert.ToString(await ScalarAsync(RevisionQuery, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture)
        ?? string.Empty;

    /// <summary>
    /// Whether the revision costs less to read right now than the lookups it can spare (SQLite's prepared statement,
    /// in-process; a revision known without a query, <see cref="TryReadKnownRevision"/>), so that a request that writes
    /// (<see cref="Registry.Core.Storage.ReadScope.BeginPerLookup"/>) may check the revision before each lookup instead
    /// of loading it. The default, a pooled query, costs what a lookup does.
    /// </summary>
    protected internal virtual bool ReadsRevisionCheaply => false;

    /// <summary>
    /// The current revision when the dialect knows it without asking the database (from notifications of committed
    /// changes, say); false sends the caller to <see cref="ReadRevisionAsync"/>. The default knows nothing.
    /// </summary>
    /// <param name="revision">The revision, compared for equality with those of <see cref="ReadRevisionAsync"/>.</param>
    /// <returns>True when <paramref name="revision"/> is current.</returns>
    protected internal virtual bool TryReadKnownRevision(out string revision)
    {
        revision = string.Empty;
        return false;
    }

    /// <summary>
    /// A number that moves with every committed change to <paramref name="scope"/> this host has learnt of, paired with
    /// the base revision (<see cref="TryReadKnownRevision"/>'s, or <see cref="ReadRevisionAsync"/>'s when the dialect
    /// queries): a dialect that learns what each commit changed (PostgreSQL's notifications, SQLite's
    /// <see cref="ScopedChangeTrackingSchema"/> rows) moves only the counters of the scopes it changed, and the base
    /// revision only for changes it cannot place. Read after the base revision; for a dialect that queries, it reflects
    /// at least every change the last <see cref="ReadRevisionAsync"/> saw. The default (one revision for everything) is 0.
    /// </summary>
    /// <param name="scope">The part of the data.</param>
    /// <returns>A number that grows with every change to the scope.</returns>
    protected internal virtual long KnownScopeCounter(RevisionScope scope) => 0;

    /// <summary>
    /// Called in a write unit's transaction after its work, before the commit, when a statement of the unit changed a
    /// row: a dialect whose revision follows notifications marks the transaction, so that
    /// <see cref="AfterCommitAsync"/> can wait until the commit's own notifications have arrived (read-your-writes,
    /// scope by scope). The default marks nothing.
    /// </summary>
    /// <param name="connection">The unit's connection.</param>
    /// <param name="transaction">The unit's transaction, not yet committed.</param>
    /// <param name="cancellationToken">Cancels the statement.</param>
    /// <returns>What <see cref="AfterCommitAsync"/> and <see cref="AbandonCommitMark"/> get back, or null.</returns>
    protected virtual Task<object?> BeforeCommitAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.FromResult<object?>(null);

    /// <summary>
    /// Called after the commit of a unit that <see cref="BeforeCommitAsync"/> marked; returns once this host's
    /// revision reflects the commit. The connection's change note is then taken, so its closing moves nothing more.
    /// </summary>
    /// <param name="mark">What <see cref="BeforeCommitAsync"/> returned.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when this host reads the commit.</returns>
    protected virtual Task AfterCommitAsync(object mark, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called instead of <see cref="AfterCommitAsync"/> when the marked unit did not commit.</summary>
    /// <param name="mark">What <see cref="BeforeCommitAsync"/> returned.</param>
    protected virtual void AbandonCommitMark(object mark)
    {
    }

    /// <summary>
    /// Returns once every change committed before the call, by any host, is reflected in <see cref="ReadRevisionAsync"/>.
    /// A dialect that reads its revision from the database each time is always current, so the default returns at
    /// once; one that learns of other hosts' commits by notification waits until the notifications sent so far
    /// have arrived.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the revision is current.</returns>
    /// <remarks>Reads never call it; it is for tests and tools that must know another host's commit has arrived.</remarks>
    public virtual Task SynchronizeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Called when a connection of this instance closes after a statement on it changed a row (after the commit of a
    /// write unit, or after an autocommit statement), so a dialect whose revision follows notifications can move it at once and
    /// the host reads its own writes before the notification comes back. The default does nothing.
    /// </summary>
    protected virtual void OnWriteCommitted()
    {
    }

    /// <summary>Whether the schema is up to date in this instance (<see cref="EnsureInitializedAsync"/> has run).</summary>
    protected bool IsInitialized => _initialized;

    /// <summary>Applies pending migrations once per instance; later calls return at once.</summary>
    /// <param name="cancellationToken">Cancels waiting for, or running, the migration.</param>
    /// <returns>A task that completes when the schema is up to date.</returns>
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
    /// <param name="connection">A connection from <see cref="OpenConnectionAsync"/>.</param>
    /// <param name="cancellationToken">Cancels starting the transaction.</param>
    /// <returns>The transaction; the caller commits or disposes it.</returns>
    public abstract ValueTask<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a write transaction that behaves as if it ran alone: SQLite takes the write lock at once, PostgreSQL
    /// runs it serializable and reports conflicts as errors that <see cref="IsRetryable"/> recognises.
    /// </summary>
    /// <param name="connection">A connection from <see cref="OpenConnectionAsync"/>.</param>
    /// <param name="cancellationToken">Cancels starting the transaction.</param>
    /// <returns>The transaction; the caller commits or disposes it.</returns>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the transaction of one schema migration. It must exclude every other migrating process until it ends,
    /// so that two hosts starting at once apply each migration exactly once. By default a write transaction
    /// (<see cref="BeginWriteAsync"/>), which is enough where writers exclude each other (SQLite's write lock).
    /// </summary>
    /// <param name="connection">A connection from <see cref="OpenConnectionAsync"/>.</param>
    /// <param name="cancellationToken">Cancels starting the transaction (or waiting for another host's migration).</param>
    /// <returns>The transaction; the migrator commits or disposes it.</returns>
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

        // _writeSlots is left undisposed: a unit still running (a background flush at shutdown) releases its slot
        // after this, and a SemaphoreSlim whose wait handle was never asked for holds nothing to free.

        // Public and unsealed now: a provider that adds a finalizer must not have it run after this.
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and commits it. When the database reports that a
    /// concurrent transaction got in the way, the whole unit runs again on a fresh snapshot, so its outcome is the
    /// one a serial run would give (the second of two publishers sees the first's row and answers "duplicate").
    /// The work must therefore have no effect outside the transaction. Where the dialect bounds concurrent write units
    /// (<see cref="RelationalDatabase(TimeProvider, ILogger, int)"/>), the unit first waits for a slot.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, BeginWriteAsync, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> as <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, Task{T}}, CancellationToken)"/>
    /// does, in a transaction from <see cref="BeginLockingWriteAsync"/>: for a read-then-write that first locks the rows
    /// it reads with <see cref="LockRowsClause"/>, so concurrent units over the same rows queue instead of conflicting.
    /// </summary>
    internal Task<T> LockingWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(work, BeginLockingWriteAsync, cancellationToken);

    /// <summary>
    /// What a <c>SELECT</c> inside <see cref="LockingWriteAsync{T}"/> ends with to lock the rows it reads until the
    /// transaction ends (PostgreSQL's <c>FOR UPDATE</c>); empty where the transaction excludes other writers already
    /// (SQLite's write lock), in which case the locking statement is skipped.
    /// </summary>
    public virtual string LockRowsClause => string.Empty;

    /// <summary>
    /// A statement that takes an exclusive lock on the text parameter <c>@lock_key</c> until the transaction ends, or
    /// null where a write transaction excludes every other writer already (SQLite's). Blob garbage collection and
    /// publishing take it on a blob's key, so that deciding a blob is unreferenced and deleting it cannot interleave
    /// with a publish claiming or recording it. PostgreSQL overrides it with a transaction-scoped advisory lock.
    /// </summary>
    public virtual string? KeyLockStatement => null;

    /// <summary>
    /// Starts the transaction of <see cref="LockingWriteAsync{T}"/>. The default is <see cref="BeginWriteAsync"/>, which
    /// is correct for any dialect; one with row locks overrides it with an isolation level in which a statement that
    /// waited for a lock reads the rows as the previous holder committed them.
    /// </summary>
    public virtual ValueTask<DbTransaction> BeginLockingWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        BeginWriteAsync(connection, cancellationToken);

    private Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> begin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);

        // Without a bound, or inside a unit that holds a slot, the unit runs at once, with no extra async frame.
        return _writeSlots is null || _holdsWriteSlot.Value
            ? RunWriteAsync(work, begin, cancellationToken)
            : RunWriteInSlotAsync(_writeSlots, work, begin, cancellationToken);
    }

    private async Task<T> RunWriteInSlotAsync<T>(SemaphoreSlim writeSlots, Func<DbConnection, DbTransaction, Task<T>> work, Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> begin, CancellationToken cancellationToken)
    {
        // The slot covers every attempt: a unit retried after a conflict must not add to the contention that caused it.
        await writeSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Seen by the work's own calls only: an async method's changes to an AsyncLocal end when it returns.
            _holdsWriteSlot.Value = true;
            return await RunWriteAsync(work, begin, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writeSlots.Release();
        }
    }

    private async Task<T> RunWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, Func<DbConnection, CancellationToken, ValueTask<DbTransaction>> begin, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await begin(connection, cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    object? mark = null;
                    try
                    {
                        var result = await work(connection, transaction).ConfigureAwait(false);
                        if (RelationalCommands.HasChanged(connection))
                        {
                            mark = await BeforeCommitAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                        }

                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                        if (mark is not null)
                        {
                            var committed = mark;
                            mark = null;
                            await AfterCommitAsync(committed, cancellationToken).ConfigureAwait(false);
                            RelationalCommands.TakeChanged(connection);
                        }

                        return result;
                    }
                    catch (DbException ex) when (attempt < MaxWriteAttempts && IsRetryable(ex))
                    {
                        // Rolled back by the disposal below; fall through to the next attempt. A retry starts afresh.
                        RelationalCommands.TakeChanged(connection);
                    }
                    finally
                    {
                        if (mark is not null)
                        {
                            AbandonCommitMark(mark);
                        }
                    }
                }
            }

            // Jitter, so that the losers of one conflict do not collide again in lockstep.
            var delay = Math.Min(200, 2 << Math.Min(attempt, 7));
            await Task.Delay(Random.Shared.Next(1, delay), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a write that returns nothing; see <see cref="WriteAsync{T}(Func{DbConnection, DbTransaction, Task{T}}, CancellationToken)"/>.</summary>
    internal Task WriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken cancellationToken)
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
    /// <param name="exception">The error a write transaction raised.</param>
    /// <returns>True to run the whole unit again on a fresh snapshot; false to let the error through.</returns>
    protected abstract bool IsRetryable(DbException exception);

    /// <summary>Opens a connection with the dialect's per-connection settings, without migrating.</summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>An open connection; the caller disposes it.</returns>
    protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs once before the first connection is handed out: applies pending migrations. A dialect that must prepare
    /// the database first (SQLite's WAL mode, say) overrides it and calls the base.
    /// </summary>
    /// <param name="cancellationToken">Cancels the migration.</param>
    /// <returns>A task that completes when the schema is up to date.</returns>
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
