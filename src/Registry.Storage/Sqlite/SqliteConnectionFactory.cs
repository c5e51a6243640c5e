using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Registry.Storage.Sqlite;

/// <summary>
/// Opens configured connections to one SQLite database and brings its schema up to date before the first
/// one is handed out.
/// </summary>
/// <remarks>
/// A shared in-memory database lives only while a connection to it is open, so for those a keep-alive
/// connection is held until this singleton is disposed with its container.
/// </remarks>
internal sealed class SqliteConnectionFactory : IAsyncDisposable, IDisposable
{
    private const int BusyTimeoutMilliseconds = 5000;

    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private static readonly object Configured = new();
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];
    private SqliteConnection? _keepAlive;
    private volatile bool _initialized;
    private bool _disposed;

    /// <summary>Creates a factory; nothing is opened until the first connection is asked for.</summary>
    public SqliteConnectionFactory(string connectionString, TimeProvider timeProvider, ILogger<SqliteConnectionFactory>? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger<SqliteConnectionFactory>.Instance;

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

    /// <summary>Opens a connection with the per-connection settings applied; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            await EnsureInitializedAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Applies pending migrations once per factory; later calls return at once.</summary>
    public async Task EnsureInitializedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            if (IsInMemory)
            {
                _keepAlive ??= await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
            }

            var connection = await OpenConfiguredAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                if (!IsInMemory)
                {
                    // WAL is a property of the database file and persists, so setting it once here is enough;
                    // it lets readers proceed while a publish holds the write lock.
                    await connection.ScalarAsync(null, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
                }

                await SqliteMigrator.ApplyAsync(connection, _timeProvider, _logger, cancellationToken).ConfigureAwait(false);
            }

            _initialized = true;
        }
        finally
        {
            _initialization.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _keepAlive?.Dispose();
        _keepAlive = null;
        using (var pooled = new SqliteConnection(ConnectionString))
        {
            // Pooled connections would keep the file open (and a shared in-memory database alive) after disposal.
            SqliteConnection.ClearPool(pooled);
        }

        _initialization.Dispose();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
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

            await connection.ExecuteAsync(
                null,
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
}
