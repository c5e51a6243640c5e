using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.Tests.Metadata;
using Registry.Testing;

namespace Registry.Storage.Tests.Infrastructure;

/// <summary>
/// Core's real use cases over one metadata database (a SQLite file or a PostgreSQL database of the test server) and
/// file-system blobs in a temp folder, with one private project whose Maintainer acts. Disposing it removes the folder
/// and drops the database. The cleanup and blob-collection suites build their own helpers on it, so both check the
/// same thing when they ask for live rows without their blob.
/// </summary>
internal sealed class StorageRegistryHarness(ServiceProvider serviceProvider, string folder, string? postgreSql, Project project, RegistryPrincipal maintainer)
    : IAsyncDisposable
{
    public Project Project { get; } = project;

    public IPackageStore Store => Get<IPackageStore>();

    public IBlobStore Blobs => Get<IBlobStore>();

    public BlobGarbageCollector Collector => Get<BlobGarbageCollector>();

    /// <param name="provider">The metadata database; PostgreSQL skips the test where the test server is missing.</param>
    /// <param name="clock">The registry's clock.</param>
    /// <param name="grace">The blob collector's grace period.</param>
    /// <param name="configure">The last change to the services before they are built (to wrap a store, say).</param>
    public static async Task<StorageRegistryHarness> CreateAsync(MetadataProvider provider, TimeProvider clock, TimeSpan grace, Action<IServiceCollection>? configure = null)
    {
        string? postgreSql = null;
        if (provider == MetadataProvider.PostgreSql)
        {
            Skip.If(PostgreSqlTestServer.SkipReason is not null, PostgreSqlTestServer.SkipReason);
            postgreSql = await PostgreSqlTestServer.CreateDatabaseAsync();
        }

        var folder = TestDatabase.NewTempFolder();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(clock);
        var builder = services.AddPackageRegistry(o => o.OrphanBlobGracePeriod = grace);
        _ = postgreSql is null ? builder.UseSqlite($"Data Source={Path.Combine(folder, "registry.db")};Pooling=True") : builder.UsePostgreSql(postgreSql);
        builder.UseEmbeddedDirectory().UseFileSystemBlobs(Path.Combine(folder, "blobs"));
        configure?.Invoke(services);
        var built = services.BuildServiceProvider();

        var directory = built.GetRequiredService<IDirectoryAdministration>();
        var user = await directory.TryCreateUserAsync("maintainer", "Maintainer", isAdmin: false, default) ?? throw new InvalidOperationException("user");
        var group = await directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default) ?? throw new InvalidOperationException("group");
        var project = await directory.TryCreateProjectAsync("App", "app", group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default)
            ?? throw new InvalidOperationException("project");
        await directory.SetProjectMemberAsync(project.Id, user.Id, AccessLevel.Maintainer, default);
        var maintainer = new RegistryPrincipal { Kind = PrincipalKind.User, UserId = user.Id, DisplayName = "maintainer", Scopes = TokenScopes.Api };
        return new StorageRegistryHarness(built, folder, postgreSql, project, maintainer);
    }

    /// <summary>A service of the registry (a use case, a store).</summary>
    public T Get<T>()
        where T : notnull => serviceProvider.GetRequiredService<T>();

    /// <summary>The project as the Maintainer may act on it, what every use case takes.</summary>
    public async Task<AuthorizedProject> AuthorizedAsync(PackageAction action) =>
        (await Get<ProjectAccessService>().EvaluateAsync(maintainer, Project, action, EndpointScope.Project, CancellationToken.None)).Project
            ?? throw new InvalidOperationException($"The maintainer may not {action}.");

    /// <summary>The ids of the project's live packages (the first hundred).</summary>
    public async Task<IReadOnlyList<long>> LivePackagesAsync()
    {
        var page = await Store.QueryAsync(new PackageQuery { ProjectIds = [Project.Id], PerPage = 100 }, CancellationToken.None);
        return [.. page.Items.Select(p => p.Id)];
    }

    /// <summary>The sha256 of every live file whose blob is missing: what must never exist.</summary>
    public async Task<IReadOnlyList<string>> LiveFilesWithoutBlobsAsync()
    {
        var missing = new List<string>();
        foreach (var packageId in await LivePackagesAsync())
        {
            foreach (var file in await Store.ListFilesAsync(packageId, CancellationToken.None))
            {
                if (!await Blobs.ExistsAsync(file.Sha256, CancellationToken.None))
                {
                    missing.Add(file.Sha256);
                }
            }
        }

        return missing;
    }

    public async ValueTask DisposeAsync()
    {
        await serviceProvider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDatabase.DeleteFolder(folder);
        if (postgreSql is not null)
        {
            await PostgreSqlTestServer.DropDatabaseAsync(postgreSql);
        }
    }
}
