using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Options;
using Registry.Storage;
using Registry.Storage.Relational;
using Registry.Storage.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores the package catalog in SQLite (and, with <c>UseEmbeddedDirectory()</c>, the directory too).</summary>
/// <remarks>
/// Registers <c>IPackageStore</c> and <c>IPackageSettingsStore</c> through <see cref="RelationalServices.Register"/>,
/// replacing earlier ones. No directory port is registered: call <c>UseEmbeddedDirectory()</c> to keep users, groups,
/// projects and tokens in the same database (and map their API), or register the host's own <c>IProjectDirectory</c>
/// and <c>ICredentialValidator</c>. Pending schema migrations are applied when the host starts (and, without a host,
/// before the first connection is used).
/// </remarks>
public static class SqliteRegistryBuilderExtensions
{
    /// <summary>Uses a SQLite database for metadata.</summary>
    /// <param name="builder">The registry builder.</param>
    /// <param name="connectionString">
    /// A Microsoft.Data.Sqlite connection string; when null, <c>{PackageRegistry:DataPath}/registry.db</c> (the folder
    /// is created). File databases run in WAL mode.
    /// </param>
    /// <returns>The builder, for chaining.</returns>
    public static PackageRegistryBuilder UseSqlite(this PackageRegistryBuilder builder, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (connectionString is null)
        {
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PackageRegistryOptions>, DataPathValidation>());
        }

        RelationalServices.Register(
            builder.Services,
            sp => Create(sp, connectionString ?? DefaultConnectionString(sp.GetRequiredService<IOptions<PackageRegistryOptions>>().Value)));
        return builder;
    }

    /// <summary>
    /// Uses a shared in-memory SQLite database, unique to each service provider and gone when it is disposed:
    /// for tests and demos. It stays in this package, rather than in Registry.Testing, because it is plain SQLite and
    /// needs no test-only dependency.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <returns>The builder, for chaining.</returns>
    public static PackageRegistryBuilder UseInMemorySqlite(this PackageRegistryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RelationalServices.Register(builder.Services, sp => Create(sp, InMemoryConnectionString()));
        return builder;
    }

    private static SqliteDatabase Create(IServiceProvider services, string connectionString) =>
        new(connectionString, services.GetRequiredService<TimeProvider>(), services.GetService<ILogger<SqliteDatabase>>());

    internal static string DefaultConnectionString(PackageRegistryOptions options) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(options.DataPath), "registry.db"),
            Pooling = true,
        }.ToString();

    internal static string InMemoryConnectionString() =>
        new SqliteConnectionStringBuilder
        {
            DataSource = "registry-" + Guid.NewGuid().ToString("N"),
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
        }.ToString();
}
