namespace Registry.Storage.PostgreSql;

/// <summary>Settings of the PostgreSQL metadata database, bound from <c>PackageRegistry:Metadata</c>.</summary>
public sealed class PostgreSqlOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Metadata";

    /// <summary>The configuration key of <see cref="ConnectionString"/>, named in validation messages.</summary>
    public const string ConnectionStringKey = SectionName + ":ConnectionString";

    /// <summary>
    /// An Npgsql connection string (<c>PackageRegistry:Metadata:ConnectionString</c>), for example
    /// <c>Host=db;Database=registry;Username=registry;Password=...</c>
    /// (https://www.npgsql.org/doc/connection-string-parameters.html). Every host of one registry names the same database.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Whether each host learns of other hosts' commits from PostgreSQL's <c>LISTEN/NOTIFY</c>
    /// (<c>PackageRegistry:Metadata:ChangeNotifications</c>, default true), so a read answered from memory makes no
    /// round trip to the database. A commit on another host then reaches this host's caches when PostgreSQL delivers
    /// its notification (well under a millisecond on one network; see the README for measured figures), and this
    /// host's own commits at once. False makes every read ask the database for its snapshot, so that no read ever
    /// misses a commit acknowledged before it began, at the price of one round trip per read.
    /// </summary>
    public bool ChangeNotifications { get; set; } = true;

    /// <summary>The configuration key of <see cref="MaxConcurrentWrites"/>, named in validation messages.</summary>
    public const string MaxConcurrentWritesKey = SectionName + ":MaxConcurrentWrites";

    /// <summary>The default of <see cref="MaxConcurrentWrites"/>: twice this machine's processor count, and at least 4.</summary>
    public static int DefaultMaxConcurrentWrites { get; } = Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>
    /// How many write transactions (a publish, a delete, a token change) this host runs at once
    /// (<c>PackageRegistry:Metadata:MaxConcurrentWrites</c>, default <see cref="DefaultMaxConcurrentWrites"/>; 0 for no
    /// bound). Writes run <c>SERIALIZABLE</c>, and PostgreSQL aborts one of two that read and write the same index pages
    /// (https://www.postgresql.org/docs/15/transaction-iso.html#XACT-SERIALIZABLE); the host runs the loser again. So
    /// the more run at once, the more run twice: in a burst of 300 publishes/s on 2 cores, an unbounded host made
    /// PostgreSQL spend nearly three times the CPU per publish of a host bounded to 4 (see the README). The others wait
    /// in the host for a free slot. Raise it when the database is far away: each slot is held for the transaction's
    /// round trips, so a host's writes per second are at most this many divided by a transaction's duration.
    /// </summary>
    public int MaxConcurrentWrites { get; set; } = DefaultMaxConcurrentWrites;
}
