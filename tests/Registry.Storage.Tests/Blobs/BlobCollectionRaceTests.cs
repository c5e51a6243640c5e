using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.FileSystem;
using Registry.Storage.Tests.Metadata;
using Registry.Testing;

namespace Registry.Storage.Tests.Blobs;

/// <summary>
/// Issue 16, defect 8: garbage collection against publishes of the same bytes, on SQLite (a file shared by several
/// connections) and PostgreSQL, with real file-system blobs. A live row must never lose its blob.
/// </summary>
public sealed class BlobCollectionRaceTests
{
    public static TheoryData<MetadataProvider> Providers => new() { MetadataProvider.Sqlite, MetadataProvider.PostgreSql };

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task A_blob_listed_as_unreferenced_then_published_again_is_not_deleted_under_the_new_row(MetadataProvider provider)
    {
        await using var registry = await Registry.CreateAsync(provider, TimeSpan.FromMinutes(1));
        var first = await registry.PublishAsync("1.0", "shared bytes");
        await registry.DeletePackageAsync(first);
        registry.Age(first.File!.Sha256, TimeSpan.FromHours(1));

        // The collector has decided the blob is an orphan and is about to delete it: a publish of the same bytes starts
        // now, and is given every chance to finish before the delete goes ahead (it cannot, where the delete holds the key).
        Task<PublishResult>? racing = null;
        registry.Blobs.BeforeDelete = async key =>
        {
            racing = registry.PublishAsync("2.0", "shared bytes");
            await Task.WhenAny(racing, Task.Delay(TimeSpan.FromSeconds(3)));
        };

        await registry.Collector.CollectAsync(CancellationToken.None);
        var published = await (racing ?? throw new InvalidOperationException("The collector never tried to delete the blob."));

        published.Outcome.Should().Be(PublishOutcome.Published);
        (await registry.LiveFilesWithoutBlobsAsync()).Should().BeEmpty();
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task Concurrent_publishes_of_identical_bytes_with_collection_running_leave_no_row_without_its_blob(MetadataProvider provider)
    {
        // A grace period of zero: every blob is old enough and every claim expired as soon as it is made, the harshest case.
        await using var registry = await Registry.CreateAsync(provider, TimeSpan.Zero);
        using var stop = new CancellationTokenSource();
        var collecting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await registry.Collector.CollectAsync(CancellationToken.None);
            }
        });

        var outcomes = new List<string>();
        for (var round = 0; round < 6; round++)
        {
            var publishes = Enumerable.Range(0, 6).Select(i => Task.Run(() => registry.PublishAsync($"{round}.{i}", "identical"))).ToList();
            foreach (var publish in publishes)
            {
                try
                {
                    outcomes.Add((await publish).Outcome.ToString());
                }
                catch (InvalidOperationException ex) when (ex.Message.Contains("claim", StringComparison.Ordinal))
                {
                    // The publish outlived the grace period between claim and row: refused, nothing recorded.
                    outcomes.Add("ClaimExpired");
                }
            }

            var deleted = await registry.LivePackagesAsync();
            foreach (var package in deleted.Take(3))
            {
                await registry.DeleteByIdAsync(package);
            }
        }

        await stop.CancelAsync();
        await collecting;

        outcomes.Should().OnlyContain(o => o == nameof(PublishOutcome.Published) || o == "ClaimExpired");
        (await registry.LiveFilesWithoutBlobsAsync()).Should().BeEmpty();
    }

    /// <summary>Publisher, deleter and collector over one database and one blob directory.</summary>
    private sealed class Registry : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly string _folder;
        private readonly string? _postgreSql;
        private readonly Project _project;
        private readonly RegistryPrincipal _owner;

        private Registry(ServiceProvider services, string folder, string? postgreSql, Project project, RegistryPrincipal owner)
        {
            _services = services;
            _folder = folder;
            _postgreSql = postgreSql;
            _project = project;
            _owner = owner;
        }

        public HookedBlobStore Blobs => (HookedBlobStore)_services.GetRequiredService<IBlobStore>();

        public BlobGarbageCollector Collector => _services.GetRequiredService<BlobGarbageCollector>();

        private IPackageStore Store => _services.GetRequiredService<IPackageStore>();

        public static async Task<Registry> CreateAsync(MetadataProvider provider, TimeSpan grace)
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
            var builder = services.AddPackageRegistry(o => o.OrphanBlobGracePeriod = grace);
            _ = postgreSql is null ? builder.UseSqlite($"Data Source={Path.Combine(folder, "registry.db")};Pooling=True") : builder.UsePostgreSql(postgreSql);
            builder.UseEmbeddedDirectory().UseFileSystemBlobs(Path.Combine(folder, "blobs"));
            services.Replace(ServiceDescriptor.Singleton<IBlobStore>(sp => new HookedBlobStore(sp.GetRequiredService<FileSystemBlobStore>())));
            var built = services.BuildServiceProvider();

            var directory = built.GetRequiredService<IDirectoryAdministration>();
            var user = await directory.TryCreateUserAsync("owner", "Owner", isAdmin: false, default) ?? throw new InvalidOperationException("user");
            var group = await directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default) ?? throw new InvalidOperationException("group");
            var project = await directory.TryCreateProjectAsync("App", "app", group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default)
                ?? throw new InvalidOperationException("project");
            await directory.SetProjectMemberAsync(project.Id, user.Id, AccessLevel.Maintainer, default);
            var owner = new RegistryPrincipal { Kind = PrincipalKind.User, UserId = user.Id, DisplayName = "owner", Scopes = TokenScopes.Api };
            return new Registry(built, folder, postgreSql, project, owner);
        }

        public async Task<PublishResult> PublishAsync(string version, string content) =>
            await _services.GetRequiredService<PackagePublisher>().PublishAsync(
                await AuthorizedAsync(PackageAction.Publish),
                new PublishRequest { Type = TestTypes.Generic, Name = "tool", Version = version, FileName = "tool.bin", MaxBytes = 1024 },
                new MemoryStream(Encoding.UTF8.GetBytes(content)),
                CancellationToken.None);

        public Task DeletePackageAsync(PublishResult published) => DeleteByIdAsync(published.Package!.Id);

        public async Task DeleteByIdAsync(long packageId) =>
            (await _services.GetRequiredService<PackageDeleter>().DeletePackageAsync(await AuthorizedAsync(PackageAction.Delete), packageId, CancellationToken.None))
                .Should().BeTrue();

        /// <summary>Dates a committed blob back, as if written <paramref name="age"/> ago.</summary>
        public void Age(string key, TimeSpan age)
        {
            var store = _services.GetRequiredService<FileSystemBlobStore>();
            File.SetLastWriteTimeUtc(store.GetBlobPath(key), DateTime.UtcNow - age);
        }

        public async Task<IReadOnlyList<long>> LivePackagesAsync()
        {
            var page = await Store.QueryAsync(new PackageQuery { ProjectIds = [_project.Id], PerPage = 100 }, CancellationToken.None);
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
            await _services.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TestDatabase.DeleteFolder(_folder);
            if (_postgreSql is not null)
            {
                await PostgreSqlTestServer.DropDatabaseAsync(_postgreSql);
            }
        }

        private async Task<AuthorizedProject> AuthorizedAsync(PackageAction action) =>
            (await _services.GetRequiredService<ProjectAccessService>().EvaluateAsync(_owner, _project, action, EndpointScope.Project, CancellationToken.None)).Project
                ?? throw new InvalidOperationException($"The owner may not {action}.");
    }

    /// <summary>A file-system store that runs a hook before each delete.</summary>
    private sealed class HookedBlobStore(FileSystemBlobStore inner) : IBlobStore
    {
        public Func<string, Task>? BeforeDelete { get; set; }

        public Task<IBlobWriter> CreateWriterAsync(CancellationToken cancellationToken) => inner.CreateWriterAsync(cancellationToken);

        public Task<Stream?> OpenReadOrNullAsync(string key, CancellationToken cancellationToken) => inner.OpenReadOrNullAsync(key, cancellationToken);

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

        public async Task DeleteAsync(string key, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _hookTaken, 1) == 0 && BeforeDelete is { } hook)
            {
                await hook(key);
            }

            await inner.DeleteAsync(key, cancellationToken);
        }

        public IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

        private int _hookTaken;
    }
}
