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
}
