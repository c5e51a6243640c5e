using Registry.Core;
using Registry.Storage;
using Registry.Storage.PostgreSql;

namespace Registry.Sample;

/// <summary>
/// Picks the sample host's storage from configuration, so one build runs as a single host (the default: SQLite and
/// files under <c>PackageRegistry:DataPath</c>) or as one of several hosts over a shared database.
/// </summary>
internal static class ConfiguredStorageExtensions
{
    /// <summary><c>Sqlite</c> (the default) or <c>PostgreSql</c>.</summary>
    public const string MetadataProviderKey = "PackageRegistry:Metadata:Provider";

    /// <summary>The metadata connection string; required for PostgreSql, optional for Sqlite.</summary>
    public const string MetadataConnectionStringKey = "PackageRegistry:Metadata:ConnectionString";

    /// <summary>
    /// Metadata by <see cref="MetadataProviderKey"/>; blobs by <c>PackageRegistry:Blobs:Provider</c> (the file system under
    /// <c>PackageRegistry:DataPath</c> by default, or S3).
    /// </summary>
    public static PackageRegistryBuilder UseConfiguredStorage(this PackageRegistryBuilder builder, IConfiguration configuration) =>
        builder.UseConfiguredMetadata(configuration).UseFileSystemBlobs().UseConfiguredBlobs(configuration);

    /// <summary>
    /// The metadata database named by <see cref="MetadataProviderKey"/>. An unknown provider stops the host here, naming
    /// the key; a missing PostgreSQL connection string stops it at start, by options validation.
    /// </summary>
    public static PackageRegistryBuilder UseConfiguredMetadata(this PackageRegistryBuilder builder, IConfiguration configuration)
    {
        var provider = configuration[MetadataProviderKey];
        var connectionString = configuration[MetadataConnectionStringKey];
        if (string.IsNullOrEmpty(provider) || provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return builder.UseSqlite(string.IsNullOrEmpty(connectionString) ? null : connectionString);
        }

        if (provider.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase))
        {
            // The connection string is read through options (PackageRegistry:Metadata:ConnectionString) and validated there.
            return builder.UsePostgreSql();
        }

        throw new InvalidOperationException($"{MetadataProviderKey} must be Sqlite or PostgreSql, not '{provider}'.");
    }
}
