using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Registry.Storage.PostgreSql;

/// <summary>
/// Keeps one connection listening on <see cref="Channel"/>, where the triggers of migration 7 notify every committed
/// change to a tracked table (https://www.postgresql.org/docs/15/sql-notify.html), and turns the notifications into a
/// revision that costs no round trip to read.
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

    /// <summary>The payload prefix of <see cref="SynchronizeAsync"/>'s markers, which are not changes.</summary>
    private const string MarkerPrefix = "sync:";

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

        var marker = MarkerPrefix + Guid.NewGuid().ToString("N");
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _markers[marker] = arrived;
        try
        {
            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var command = new NpgsqlCommand("SELECT pg_notify(@channel, @marker)", connection);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.AddWithValue("channel", Channel);
                    command.Parameters.AddWithValue("marker", marker);
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            // A listener that fails meanwhile falls back to queries, which are current: nothing left to wait for.
            while (_listening && !arrived.Task.IsCompleted)
            {
                await Task.WhenAny(arrived.Task, Task.Delay(ProbeAfter, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            _markers.TryRemove(marker, out _);
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
        if (e.Payload.StartsWith(MarkerPrefix, StringComparison.Ordinal))
        {
            if (_markers.TryGetValue(e.Payload, out var arrived))
            {
                arrived.TrySetResult();
            }

            return;
        }

        Interlocked.Increment(ref _changes);
    }

    private sealed record RevisionText(long Session, long Changes, string Text);
}
