using System.Collections.Concurrent;
using Registry.Core.Storage;

namespace Registry.Storage.Relational;

/// <summary>
/// Lookups answered from memory while the database's revision (<see cref="RelationalDatabase.ReadRevisionAsync"/>)
/// is the one read at the start of the current <see cref="ReadScope"/>. The revision changes with every commit that
/// changes a row, on any host, so an entry is only served to a request that began after every change it could miss.
/// </summary>
/// <remarks>
/// <para>
/// The revision is read before anything it guards, so an entry never holds data older than the revision it is filed
/// under (it may hold newer data, which the next revision check throws away). Entries of one revision form a
/// generation that is replaced whole when a newer revision is seen; nothing expires on a timer.
/// </para>
/// <para>
/// Where the dialect counts commits per <see cref="RevisionScope"/> (PostgreSQL's notifications, SQLite's
/// <c>change_scopes</c> rows), each scope has generations of its own, filed under the base revision paired with the
/// scope's counter (<see cref="RelationalDatabase.KnownScopeCounter"/>), so a publish into one project replaces only that
/// project's and that package's generations. The same argument holds per scope: the base is read first, then the counter,
/// then the data. A dialect that queries (SQLite) moves the counters in the query itself, so the counter read after it
/// reflects every change to the scope committed before the query began, and so before the request arrived: a scope's
/// generation is never older than a commit its client may have seen acknowledged. A commit the loaded data misses
/// committed after that data was read, so after the counter was read; the dialect gives it a counter greater than any it
/// handed out before (counters only grow, SQLite's are the global revision of the scope's newest change), so the next
/// request that learns of it files its lookups under another generation.
/// </para>
/// </remarks>
internal sealed class RevisionCache
{
    /// <summary>
    /// At most this many entries in all generations (loads in flight included); past it every generation is dropped
    /// and filled again from the next lookups.
    /// </summary>
    internal const int MaxEntries = 100_000;

    // The read scope's key of its base revision (paired with this cache).
    private static readonly object BaseRevisionKey = new();

    private readonly Lock _lock = new();
    private readonly Dictionary<RevisionScope, Generation> _current = [];
    private readonly RelationalDatabase _database;
    private readonly CoalescedRevisionReader _revisions;
    private long _tickets;
    private int _entries;

    public RevisionCache(RelationalDatabase database)
    {
        _database = database;
        _revisions = new CoalescedRevisionReader(database.ReadRevisionAsync);
    }

    /// <summary>
    /// The value of <paramref name="key"/> (a record naming the lookup and its arguments, and its
    /// <see cref="RevisionScope"/> when it implements <see cref="IRevisionScoped"/>), from memory when this generation
    /// has it, otherwise from <paramref name="load"/>. Outside a <see cref="ReadScope"/> it loads, unless under
    /// <see cref="ReadScope.BeginPerLookup"/> and the revision is cheap to read: then the lookup is a scope of its own.
    /// </summary>
    public async Task<T> GetOrLoadAsync<T>(object key, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        if (ReadScope.Current is not { } scope)
        {
            // A scope of one lookup begins after every commit this host has made or learnt of, as a read request that
            // arrived now would, so it is just as fresh, and it spans no write. Where the revision takes a pooled query
            // (PostgreSQL without notifications, or while its listener is down) that query would cost about what the
            // lookup does, so it loads instead; and outside a request that writes (background jobs, the health check,
            // which must reach the database) too.
            if (!ReadScope.PerLookup || !_database.ReadsRevisionCheaply)
            {
                return await load().ConfigureAwait(false);
            }

            scope = new ReadScope();
        }

        var revisionScope = key is IRevisionScoped scoped ? scoped.Scope : RevisionScope.Directory;
        var generation = await scope.GetOrAddAsync((this, revisionScope), ct => ReadGenerationAsync(scope, revisionScope, ct), cancellationToken).ConfigureAwait(false);
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

            if (Volatile.Read(ref _entries) >= MaxEntries)
            {
                DropAll();
                return await load().ConfigureAwait(false);
            }

            // Single flight: the first miss of this generation loads; concurrent misses of the same key wait for it
            // instead of each asking the database again (after a commit, every connection misses at once).
            var pending = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!generation.Entries.TryAdd(key, pending.Task))
            {
                continue;
            }

            Interlocked.Increment(ref _entries);

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

    private async Task<Generation> ReadGenerationAsync(ReadScope readScope, RevisionScope scope, CancellationToken cancellationToken)
    {
        // One base revision per read scope, whatever scopes its lookups touch (a packument: the directory's token and
        // membership, then the project's fingerprint): each scope's counter is read after it, and counters only grow,
        // so the argument above holds for every scope, at one revision query per request instead of one per scope.
        var (revision, ticket) = await readScope.GetOrAddAsync((this, BaseRevisionKey), ReadBaseRevisionAsync, cancellationToken).ConfigureAwait(false);
        var counted = new Revision(revision, _database.KnownScopeCounter(scope));
        lock (_lock)
        {
            if (_current.TryGetValue(scope, out var current) && current.Revision == counted)
            {
                return current;
            }

            // Under one base a greater counter is the newer revision (counters only grow; a request's counter may be
            // read after a later request's); across bases the ticket says which base was read last.
            var generation = new Generation(counted, ticket);
            var newer = current is null
                || (current.Revision.Base == counted.Base ? counted.Counter > current.Revision.Counter : ticket > current.Ticket);
            if (newer)
            {
                _current[scope] = generation;
                if (current is not null)
                {
                    Interlocked.Add(ref _entries, -current.Entries.Count);
                }
            }

            // Otherwise a newer revision is installed already: this request keeps a generation of its own.
            return generation;
        }
    }

    private async Task<(string Revision, long Ticket)> ReadBaseRevisionAsync(CancellationToken cancellationToken)
    {
        // The ticket orders revision reads by when they began, which says which of two revisions is newer without
        // comparing their values (PostgreSQL's are snapshots, not numbers).
        var ticket = Interlocked.Increment(ref _tickets);

        // A revision known without a query (PostgreSQL's notifications) needs no sharing of queries either. Either way
        // it comes with a counter per scope (0 where the dialect has one revision for all). The base revision is read
        // first: counters only grow, and a new listening session changes the base, so a counter read after it is never
        // older than the base it is paired with; a queried one (SQLite) moved the counters before it returned.
        var revision = _database.TryReadKnownRevision(out var known)
            ? known
            : await _revisions.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (revision, ticket);
    }

    // Past the bound: the entries of scopes nobody reads any more would otherwise stay for the host's lifetime.
    private void DropAll()
    {
        lock (_lock)
        {
            if (Volatile.Read(ref _entries) >= MaxEntries)
            {
                _current.Clear();
                Volatile.Write(ref _entries, 0);
            }
        }
    }

    private readonly record struct Revision(string Base, long Counter);

    // Boxes a value so that a cached null (no such project) is told apart from a missing entry.
    private sealed record Entry<T>(T Value);

    private sealed class Generation(Revision revision, long ticket)
    {
        public Revision Revision { get; } = revision;

        public long Ticket { get; } = ticket;

        public ConcurrentDictionary<object, object> Entries { get; } = new();
    }
}
