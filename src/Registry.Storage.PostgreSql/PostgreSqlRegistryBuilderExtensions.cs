using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Storage;
using Registry.Storage.PostgreSql;
using Registry.Storage.Relational;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores the package catalog (and, with <c>UseEmbeddedDirectory()</c>, the directory) in PostgreSQL, so several hosts can share them.</summary>
/// <remarks>
/// The same schema, migrations and SQL as <c>UseSqlite</c>. Registers <c>IPackageStore</c> and
/// <c>IPackageSettingsStore</c> through <see cref="RelationalServices.Register"/>, replacing earlier ones, and no
/// directory port: call <c>UseEmbeddedDirectory()</c> for the embedded directory, or register the host's own
/// <c>IProjectDirectory</c> and <c>ICredentialValidator</c>. Pending migrations are applied when the host starts;
/// hosts starting at once take turns on an advisory lock.
/// </remarks>
public static class PostgreSqlRegistryBuilderExtensions
{
    /// <summary>Uses a PostgreSQL database for metadata.</summary>
    /// <param name="builder">The registry builder.</param>
    /// <param name="connectionString">
    /// An Npgsql connection string; when null, <c>PackageRegistry:Metadata:ConnectionString</c>, which is then required
    /// (a host without it stops at start with a message naming the key).
    /// </param>
    /// <returns>The builder, for chaining.</returns>
    public static PackageRegistryBuilder UsePostgreSql(this PackageRegistryBuilder builder, string? connectionString = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<PostgreSqlOptions, PostgreSqlOptionsValidator>(PostgreSqlOptions.SectionName);
        if (connectionString is not null)
        {
            builder.Services.PostConfigure<PostgreSqlOptions>(o => o.ConnectionString = connectionString);
        }

        RelationalServices.Register(builder.Services, sp =>
        {
            var options = sp.GetRequiredService<IOptions<PostgreSqlOptions>>().Value;
            return new PostgreSqlDatabase(
                options.ConnectionString ?? throw new InvalidOperationException($"{PostgreSqlOptions.ConnectionStringKey} is not set."),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<PostgreSqlDatabase>>(),
                options.ChangeNotifications,
                options.MaxConcurrentWrites);
        });
        return builder;
    }
}
