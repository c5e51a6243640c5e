using System.Collections.Concurrent;
using Registry.Core.Storage;

namespace Registry.Storage.Relational;

/// <summary>
/// Lookups answered from memory while the database's revision (<see cref="RelationalDatabase.ReadRevisionAsync"/>)
/// is the one read at the start of the current <see cref="ReadScope"/>. The revision changes with every commit that
/// changes a row, on any host, so an entry is only served to a request that began after every change it could miss.
/// </summary>
/// <remarks>
/// The revision is read before anything it guards, so an entry never holds data older than the revision it is filed
/// under (it may hold newer data, which the next revision check throws away). Entries of one revision form a
/// generation that is replaced whole when a newer revision is seen; nothing expires on a timer.
/// </remarks>
internal sealed class RevisionCache
{
    /// <summary>
    /// At most this many entries per generation (loads in flight included); past it, lookups read through until the
    /// next generation.
    /// </summary>
    internal const int MaxEntries = 100_000;

    private readonly Lock _lock = new();
    private Generation _current = new(string.Empty, 0);
    private readonly RelationalDatabase _database;
    private readonly CoalescedRevisionReader _revisions;
    private long _tickets;

    public RevisionCache(RelationalDatabase database)
    {
        _database = database;
        _revisions = new CoalescedRevisionReader(database.ReadRevisionAsync);
    }

    /// <summary>
    /// The value of <paramref name="key"/> (a record naming the lookup and its arguments), from memory when this
    /// generation has it, otherwise from <paramref name="load"/>. Outside a <see cref="ReadScope"/> it always loads.
    /// </summary>
    public async Task<T> GetOrLoadAsync<T>(object key, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        if (ReadScope.Current is not { } scope)
        {
            return await load().ConfigureAwait(false);
        }

        var generation = await scope.GetOrAddAsync(this, ReadGenerationAsync, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (generation.Entries.TryGetValue(key, out var known))
            {
                if (known is Entry<T> entry)
                {
                    return entry.Value;
                }

                if (known is Task<T> loading)
                {
                    try
                    {
                        return await loading.WaitAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The load this request waited for failed (or its own caller gave up): load it here, so one
                        // request's cancellation never fails another's.
                        return await load().ConfigureAwait(false);
                    }
                }

                // A key filed with a value of another type: not this lookup's to share.
                return await load().ConfigureAwait(false);
            }

            if (generation.Entries.Count >= MaxEntries)
            {
                return await load().ConfigureAwait(false);
            }

            // Single flight: the first miss of this generation loads; concurrent misses of the same key wait for it
            // instead of each asking the database again (after a commit, every connection misses at once).
            var pending = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!generation.Entries.TryAdd(key, pending.Task))
            {
                continue;
            }

            try
            {
                var value = await load().ConfigureAwait(false);
                generation.Entries[key] = new Entry<T>(value);
                pending.SetResult(value);
                return value;
            }
            catch (Exception ex)
            {
                generation.Entries.TryRemove(new KeyValuePair<object, object>(key, pending.Task));
                pending.SetException(ex);

                // Observed here: a failure nobody waited for must not surface as an unobserved task exception.
                _ = pending.Task.Exception;
                throw;
            }
        }
    }

    private async Task<Generation> ReadGenerationAsync(CancellationToken cancellationToken)
    {
        // The ticket orders revision reads by when they began, which says which of two revisions is newer without
        // comparing their values (PostgreSQL's are snapshots, not numbers).
        var ticket = Interlocked.Increment(ref _tickets);
        // A revision known without a query (PostgreSQL's notifications) needs no sharing of queries either.
        var revision = _database.TryReadKnownRevision(out var known)
            ? known
            : await _revisions.ReadAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_current.Revision == revision)
            {
                return _current;
            }

            var generation = new Generation(revision, ticket);
            if (ticket > _current.Ticket)
            {
                _current = generation;
            }

            // Otherwise a newer revision is installed already: this request keeps a generation of its own.
            return generation;
        }
    }

    // Boxes a value so that a cached null (no such project) is told apart from a missing entry.
    private sealed record Entry<T>(T Value);

    private sealed class Generation(string revision, long ticket)
    {
        public string Revision { get; } = revision;

        public long Ticket { get; } = ticket;

        public ConcurrentDictionary<object, object> Entries { get; } = new();
    }
}
