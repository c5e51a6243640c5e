using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Npgsql;
using Registry.Storage.Relational;

namespace Registry.Storage.PostgreSql;

/// <summary>
/// Keeps one connection listening on <see cref="Channel"/>, where the triggers of migrations 7 and 10 notify every
/// committed change to a tracked table (https://www.postgresql.org/docs/15/sql-notify.html), and turns the
/// notifications into a revision that costs no round trip to read: a base that moves with changes it cannot place,
/// and a counter per <see cref="RevisionScope"/> that moves with the changes the payload places there.
/// </summary>
/// <remarks>
/// PostgreSQL queues a notification when the transaction that raised it commits, and delivers notifications to each
/// listener in commit order, so once a notification has been read every commit before it is visible. While the
/// connection is not listening (before it first connects, after it fails, until it listens again) there is no
/// revision here and reads fall back to a query per read, so a lost connection never serves stale data beyond the
/// time it takes to notice it: a connection that stays silent for <see cref="ProbeAfter"/> is probed with a query of
/// at most <see cref="ProbeTimeoutSeconds"/> seconds.
/// </remarks>
internal sealed class PostgreSqlChangeListener : IDisposable
{
    /// <summary>The channel the triggers notify; per database, so another database's commits never reach it.</summary>
    public const string Channel = "registry_changes";

    /// <summary>The payload prefix of <see cref="SynchronizeAsync"/>'s and <see cref="MarkCommitAsync"/>'s markers, which are not changes.</summary>
    private const string MarkerPrefix = "sync:";

    /// <summary>
    /// The most scope counters kept; past it they are all dropped and the base revision moves, so every scope's
    /// revision changes once (a host serving millions of packages over months keeps a bounded map).
    /// </summary>
    internal const int MaxScopes = 100_000;

    /// <summary>The listening connection's <c>application_name</c>, so an operator can tell it apart in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "registry-change-listener";

    /// <summary>How long the connection may stay silent before a probe checks that it is still there.</summary>
    internal static readonly TimeSpan ProbeAfter = TimeSpan.FromSeconds(1);

    /// <summary>The longest a probe may take before the connection counts as lost.</summary>
    internal const int ProbeTimeoutSeconds = 2;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _markers = new(StringComparer.Ordinal);
    private Task? _loop;
    private int _started;
    private readonly ConcurrentDictionary<RevisionScope, StrongBox<long>> _scopes = new();
    private long _changes;
    private long _session;
    private volatile bool _listening;
    private volatile RevisionText _text = new(-1, -1, string.Empty);

    /// <summary>Creates the listener; nothing connects until <see cref="TryReadRevision"/> is first called.</summary>
    /// <param name="connectionString">The database's connection string; the listener opens its own unpooled connection.</param>
    /// <param name="logger">Where losing and regaining the connection is logged.</param>
    public PostgreSqlChangeListener(string connectionString, ILogger logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Its own connection for the host's lifetime, never handed to a request, never reset by the pool.
            Pooling = false,
            CommandTimeout = ProbeTimeoutSeconds,
            ApplicationName = ApplicationName,
        };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _logger = logger;
    }

    /// <summary>
    /// The revision from notifications received so far, without a round trip; false (and the caller queries the
    /// database) while the connection is not listening. Starts the listener on first call.
    /// </summary>
    public bool TryReadRevision(out string revision)
    {
        if (Volatile.Read(ref _started) == 0 && Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(() => ListenAsync(_stop.Token));
        }

        // Read the session before the flag: a session that ended after this check yields a revision that the next
        // session's first read can never equal, since sessions only grow.
        var session = Interlocked.Read(ref _session);
        if (!_listening)
        {
            revision = string.Empty;
            return false;
        }

        var changes = Interlocked.Read(ref _changes);
        var text = _text;
        if (text.Session != session || text.Changes != changes)
        {
            // One string per change, not per read: reads outnumber changes by orders of magnitude.
            text = new RevisionText(session, changes, string.Create(CultureInfo.InvariantCulture, $"n{session}:{changes}"));
            _text = text;
        }

        revision = text.Text;
        return true;
    }

    /// <summary>
    /// Moves the revision for a commit made by this host, so its own next read sees it at once, before the
    /// notification comes back (read-your-writes).
    /// </summary>
    public void NoteLocalCommit() => Interlocked.Increment(ref _changes);

    /// <summary>How many changes to <paramref name="scope"/> have been notified (see <see cref="RevisionScope"/>).</summary>
    public long ScopeCounter(RevisionScope scope) =>
        _scopes.TryGetValue(scope, out var counter) ? Interlocked.Read(ref counter.Value) : 0;

    /// <summary>
    /// Notifies a marker inside <paramref name="transaction"/>, before its commit, and returns it; null while not
    /// listening. PostgreSQL delivers a transaction's notifications together, in the order they were raised, so once the
    /// marker arrives every change of the transaction is counted (<see cref="WaitForCommitAsync"/>).
    /// </summary>
    public Task<CommitMark?> MarkCommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        MarkAsync(connection, transaction, cancellationToken);

    // Registers a marker and notifies it on the connection, in the transaction if any (otherwise it commits at once).
    private async Task<CommitMark?> MarkAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        // The session is read before the flag, as in TryReadRevision: a marker of an ended session is not waited for.
        var session = Interlocked.Read(ref _session);
        if (!_listening)
        {
            return null;
        }

        var marker = MarkerPrefix + Guid.NewGuid().ToString("N");
        _markers[marker] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var command = new NpgsqlCommand("SELECT pg_notify(@channel, @marker)", connection, transaction);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("channel", Channel);
                command.Parameters.AddWithValue("marker", marker);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            ForgetMarker(marker);
            throw;
        }

        return new CommitMark(marker, session);
    }

    /// <summary>
    /// Returns once <paramref name="mark"/> (from <see cref="MarkCommitAsync"/>, its transaction committed, or from
    /// <see cref="SynchronizeAsync"/>) has
    /// arrived, or the connection stopped listening (reads then query the database, which is current); the commit's own
    /// notifications have then been counted. Forgets the marker either way.
    /// </summary>
    public async Task WaitForCommitAsync(CommitMark mark, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mark);
        try
        {
            if (!_markers.TryGetValue(mark.Marker, out var arrived))
            {
                return;
            }

            while (_listening && Interlocked.Read(ref _session) == mark.Session && !arrived.Task.IsCompleted)
            {
                await Task.WhenAny(arrived.Task, Task.Delay(ProbeAfter, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!arrived.Task.IsCompleted)
            {
                // The session that would have delivered it ended: a new session moves the base revision anyway, but
                // the commit may also be read before it, from the query fallback, which is current.
                NoteLocalCommit();
            }
        }
        finally
        {
            ForgetMarker(mark.Marker);
        }
    }

    /// <summary>Drops a marker whose transaction did not commit.</summary>
    public void ForgetMarker(string marker) => _markers.TryRemove(marker, out _);

    /// <summary>A marker notified inside a write transaction, and the listening session it was notified in.</summary>
    public sealed record CommitMark(string Marker, long Session);

    /// <summary>
    /// Returns once every change committed before the call is reflected in <see cref="TryReadRevision"/>: it notifies a
    /// marker and waits for it to come back, which it can only do after every earlier commit's notification.
    /// </summary>
    /// <remarks>For tests and tools that must know another host's commit has arrived; a read never needs it.</remarks>
    public async Task SynchronizeAsync(CancellationToken cancellationToken)
    {
        if (!_listening)
        {
            return;
        }

        CommitMark? mark;
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            mark = await MarkAsync(connection, null, cancellationToken).ConfigureAwait(false);
        }

        // A listener that fails meanwhile falls back to queries, which are current: nothing left to wait for.
        if (mark is not null)
        {
            await WaitForCommitAsync(mark, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            // Waited for, so the connection is closed when the database is disposed (a test then drops the database).
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; anything else was logged by it.
        }

        _dataSource.Dispose();
        _stop.Dispose();
    }

    private async Task ListenAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ListenOnceAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of the connection means the same: fall back to queries and reconnect.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PostgreSqlLog.ChangeListenerLost(_logger, ex);
            }
            finally
            {
                _listening = false;
            }

            try
            {
                await Task.Delay(RetryDelay, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenOnceAsync(CancellationToken stop)
    {
        var connection = await _dataSource.OpenConnectionAsync(stop).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            connection.Notification += OnNotification;
            var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
            await using (listen.ConfigureAwait(false))
            {
                await listen.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
            }

            // Commits before LISTEN sent no notification to this connection: a new session makes every revision read
            // from now on differ from any read before, so nothing cached before is served after.
            Interlocked.Increment(ref _session);
            _listening = true;
            PostgreSqlLog.ChangeListenerListening(_logger);
            var probe = new NpgsqlCommand("SELECT 1", connection);
            await using (probe.ConfigureAwait(false))
            {
                while (true)
                {
                    if (!await connection.WaitAsync(ProbeAfter, stop).ConfigureAwait(false))
                    {
                        // Silence is normal on an idle registry, but so it is on a connection that died without a
                        // word: a round trip tells them apart (and delivers anything queued meanwhile).
                        await probe.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var payload = e.Payload;
        if (payload.StartsWith(MarkerPrefix, StringComparison.Ordinal))
        {
            if (_markers.TryGetValue(payload, out var arrived))
            {
                arrived.TrySetResult();
            }

            return;
        }

        // Migration 10's payloads name the scope changed (RevisionScope.TryParseChanged). Anything else (migration 7's
        // empty payload, from a host not yet upgraded) may have changed anything.
        if (RevisionScope.TryParseChanged(payload, out var scope))
        {
            Count(scope);
            if (scope.Enclosing is { } enclosing)
            {
                Count(enclosing);
            }
        }
        else
        {
            Interlocked.Increment(ref _changes);
        }
    }

    private void Count(RevisionScope scope)
    {
        if (_scopes.Count >= MaxScopes && !_scopes.ContainsKey(scope))
        {
            // The base moves before the counters restart, so no scope's revision can repeat an earlier one.
            Interlocked.Increment(ref _changes);
            _scopes.Clear();
        }

        Interlocked.Increment(ref _scopes.GetOrAdd(scope, static _ => new StrongBox<long>()).Value);
    }

    private sealed record RevisionText(long Session, long Changes, string Text);
}
