namespace Registry.Core.Storage;

/// <summary>
/// One unit of read-only work (the HTTP layer begins one around every <c>GET</c> and <c>HEAD</c>) within which a store
/// may answer repeated lookups from memory after checking once that nothing changed since the unit began. The
/// relational stores use it to ask the database a single cheap question ("has anything been committed since?") per
/// request instead of one query per token, project, membership and package lookup, which stays correct when several
/// hosts share one database: a request that begins after a commit on any host sees that commit.
/// </summary>
/// <remarks>
/// A scope is ambient (it flows with the <see cref="ExecutionContext"/> into everything the unit awaits) and must not
/// span writes made through the stores: a read after a write in the same scope could be answered from before the
/// write. Outside a scope stores read through every time, except under <see cref="BeginPerLookup"/>.
/// </remarks>
public sealed class ReadScope : IDisposable
{
    private static readonly AsyncLocal<ReadScope?> Ambient = new();
    private static readonly AsyncLocal<bool> PerLookupAmbient = new();

    private readonly Dictionary<object, object> _values = [];
    private ReadScope? _outer;
    private bool _disposed;

    /// <summary>
    /// Creates a scope that is not current yet; <see cref="Enter"/> makes it current. For one unit of work whose parts
    /// run in separate execution contexts, such as an HTTP request whose authentication runs before its endpoint.
    /// </summary>
    public ReadScope()
    {
    }

    /// <summary>The scope the current code runs in, or null.</summary>
    public static ReadScope? Current => Ambient.Value;

    /// <summary>Whether the current code runs under <see cref="BeginPerLookup"/>.</summary>
    public static bool PerLookup => PerLookupAmbient.Value;

    /// <summary>
    /// For a unit of work that writes (the HTTP layer begins one around every request that is not a <c>GET</c> or
    /// <c>HEAD</c>): outside a scope, each lookup is then a scope of its own, which begins when the lookup does and so
    /// sees every write made before it, on this host or (within the same bound as a read request) another. A store may
    /// answer it from memory where learning that nothing changed costs less than the lookup (PostgreSQL's notifications,
    /// SQLite's in-process revision); a write's authorization lookups (project, membership, settings, quota) then cost no
    /// round trip. Dispose it when the unit ends.
    /// </summary>
    public static IDisposable BeginPerLookup()
    {
        var previous = PerLookupAmbient.Value;
        PerLookupAmbient.Value = true;
        return new PerLookupEntered(previous);
    }

    /// <summary>Begins a scope for the current execution context; dispose it when the unit of work ends.</summary>
    public static ReadScope Begin()
    {
        var scope = new ReadScope { _outer = Ambient.Value };
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>Makes this scope current until the result is disposed; the values computed in it so far are kept.</summary>
    public IDisposable Enter()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Entered(this, previous);
    }

    /// <summary>
    /// The value computed for <paramref name="key"/> in this scope: <paramref name="factory"/> runs for the first
    /// caller, and every later caller in the scope (concurrent ones included) gets the same task.
    /// </summary>
    /// <param name="key">Who owns the value, compared by <see cref="object.Equals(object)"/> (a store passes itself).</param>
    /// <param name="factory">Computes the value.</param>
    /// <param name="cancellationToken">Passed to <paramref name="factory"/>.</param>
    public Task<T> GetOrAddAsync<T>(object key, Func<CancellationToken, Task<T>> factory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_values)
        {
            if (_values.TryGetValue(key, out var existing) && existing is Task<T> task && !task.IsFaulted && !task.IsCanceled)
            {
                return task;
            }

            var created = factory(cancellationToken);
            _values[key] = created;
            return created;
        }
    }

    /// <summary>Ends the scope; the scope it was begun in, if any, becomes current again.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ReferenceEquals(Ambient.Value, this))
        {
            Ambient.Value = _outer;
        }
    }

    private sealed class PerLookupEntered(bool previous) : IDisposable
    {
        public void Dispose() => PerLookupAmbient.Value = previous;
    }

    private sealed class Entered(ReadScope scope, ReadScope? previous) : IDisposable
    {
        public void Dispose()
        {
            if (ReferenceEquals(Ambient.Value, scope))
            {
                Ambient.Value = previous;
            }
        }
    }
}
