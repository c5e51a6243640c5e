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
}
