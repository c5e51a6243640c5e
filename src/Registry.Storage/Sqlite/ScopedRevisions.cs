using System.Collections.Concurrent;
using Registry.Storage.Relational;

namespace Registry.Storage.Sqlite;

/// <summary>
/// A counter per <see cref="RevisionScope"/>, moved by the <c>change_scopes</c> rows that each revision read returns: a
/// scope's counter is the value of <c>change_revision</c> at the newest change to it this host has read (a <c>p</c> row
/// moves its project and <see cref="RevisionScope.AnyPackage"/>, a <c>k</c> row its package, <c>d</c> the directory).
/// </summary>
/// <remarks>
/// A scope not in memory counts from a floor: the counter row's value when the map was last restarted (at the first
/// read, past the bound, or on a row it cannot place). Every counter dropped by a restart was at most that value, and
/// every row read afterwards is newer, so no counter ever goes back and the base revision never has to move: the cache
/// generations filed under an old counter are simply never matched again. Written by one reader at a time (the
/// revision lock), read by any thread.
/// </remarks>
internal sealed class ScopedRevisions(int maxScopes)
{
    /// <summary>The base revision paired with the counters; constant, since the counters alone move.</summary>
    public const string Base = "scoped";

    private readonly ConcurrentDictionary<RevisionScope, long> _counters = new();
    private long _floor;

    // The counters in _counters, kept here: ConcurrentDictionary.Count takes every lock of the dictionary.
    private int _count;

    // Added to the database's values, so that the counters still grow after the counter row went back (a restored
    // backup, a file replaced under the host).
    private long _offset;

    /// <summary>The counter row's value at the last read; null before the first one.</summary>
    public long? Last { get; private set; }

    /// <summary>The counter of <paramref name="scope"/>: it moves with every change to the scope read so far.</summary>
    public long Counter(RevisionScope scope) =>
        _counters.TryGetValue(scope, out var counter) ? counter : Volatile.Read(ref _floor);

    /// <summary>Takes in one read: the counter row's value and the scope rows newer than <see cref="Last"/>.</summary>
    /// <param name="current">The counter row's value.</param>
    /// <param name="changed">The scope rows with a revision above <see cref="Last"/>, or null when none.</param>
    public void Apply(long current, IReadOnlyList<(string Scope, long Revision)>? changed)
    {
        if (Last is not { } last)
        {
            Restart(current);
            return;
        }

        if (current < last)
        {
            _offset += last + 1;
            Restart(current);
            return;
        }

        if (changed is not null)
        {
            // A p row adds two counters at most (its project's and AnyPackage's).
            if (_count + (2 * changed.Count) > maxScopes)
            {
                Restart(current);
                return;
            }

            foreach (var (scope, revision) in changed)
            {
                if (!Move(scope, revision + _offset))
                {
                    // A row of a later version's kind, say: it may have changed anything.
                    Restart(current);
                    return;
                }
            }
        }

        Last = current;
    }

    private bool Move(string scope, long counter)
    {
        if (!RevisionScope.TryParseChanged(scope, out var changed))
        {
            return false;
        }

        Raise(changed, counter);
        if (changed.Enclosing is { } enclosing)
        {
            Raise(enclosing, counter);
        }

        return true;
    }

    private void Raise(RevisionScope scope, long counter)
    {
        if (!_counters.TryGetValue(scope, out var known))
        {
            _counters[scope] = counter;
            _count++;
        }
        else if (counter > known)
        {
            _counters[scope] = counter;
        }
    }

    // The floor moves before the counters are dropped, so a reader in between sees a dropped counter or the new floor,
    // never less than either.
    private void Restart(long current)
    {
        Volatile.Write(ref _floor, current + _offset);
        _counters.Clear();
        _count = 0;
        Last = current;
    }
}
