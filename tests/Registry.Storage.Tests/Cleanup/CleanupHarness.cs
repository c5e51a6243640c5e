using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Registry.Core.Cleanup;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Protection;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.Tests.Metadata;
using Registry.Testing;

namespace Registry.Storage.Tests.Cleanup;

/// <summary>
/// Core's real publisher, tagger, cleanup use cases and blob collector over one database (SQLite file or PostgreSQL) and
/// file-system blobs, with a project whose Maintainer runs everything. With a <see cref="FakeTimeProvider"/> the test
/// publishes back-dated versions by moving the clock forward between publishes.
/// </summary>
internal sealed class CleanupHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;
    private readonly string _folder;
    private readonly string? _postgreSql;
    private readonly RegistryPrincipal _maintainer;

    private CleanupHarness(ServiceProvider services, string folder, string? postgreSql, Project project, RegistryPrincipal maintainer)
    {
        _services = services;
        _folder = folder;
        _postgreSql = postgreSql;
        Project = project;
        _maintainer = maintainer;
    }

    public Project Project { get; }

    /// <summary>The clock, when the harness was made with a fake one.</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)_services.GetRequiredService<TimeProvider>();

    public IPackageStore Store => _services.GetRequiredService<IPackageStore>();

    public IBlobStore Blobs => _services.GetRequiredService<IBlobStore>();

    public PackageCleaner Cleaner => _services.GetRequiredService<PackageCleaner>();

    public CleanupService Service => _services.GetRequiredService<CleanupService>();

    public ICleanupPolicyStore Policies => _services.GetRequiredService<ICleanupPolicyStore>();

    public BlobGarbageCollector Collector => _services.GetRequiredService<BlobGarbageCollector>();

    /// <param name="provider">The metadata database.</param>
    /// <param name="fakeClock">A <see cref="FakeTimeProvider"/> at <see cref="Start"/>; otherwise the system clock (for blob collection, which compares with file times).</param>
    /// <param name="grace">The blob collector's grace period.</param>
    public static async Task<CleanupHarness> CreateAsync(MetadataProvider provider, bool fakeClock = true, TimeSpan? grace = null)
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
        services.AddSingleton(fakeClock ? new FakeTimeProvider(Start) : TimeProvider.System);
        var builder = services.AddPackageRegistry(o => o.OrphanBlobGracePeriod = grace ?? TimeSpan.FromHours(1));
        _ = postgreSql is null ? builder.UseSqlite($"Data Source={Path.Combine(folder, "registry.db")};Pooling=True") : builder.UsePostgreSql(postgreSql);
        builder.UseEmbeddedDirectory().UseFileSystemBlobs(Path.Combine(folder, "blobs"));
        var built = services.BuildServiceProvider();

        var directory = built.GetRequiredService<IDirectoryAdministration>();
        var user = await directory.TryCreateUserAsync("maintainer", "Maintainer", isAdmin: false, default) ?? throw new InvalidOperationException("user");
        var group = await directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default) ?? throw new InvalidOperationException("group");
        var project = await directory.TryCreateProjectAsync("App", "app", group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default)
            ?? throw new InvalidOperationException("project");
        await directory.SetProjectMemberAsync(project.Id, user.Id, AccessLevel.Maintainer, default);
        var maintainer = new RegistryPrincipal { Kind = PrincipalKind.User, UserId = user.Id, DisplayName = "maintainer", Scopes = TokenScopes.Api };
        return new CleanupHarness(built, folder, postgreSql, project, maintainer);
    }

    /// <summary>Publishes one file (its content defaults to something unique to the coordinate and file name).</summary>
    public async Task<PublishResult> PublishAsync(PackageType type, string name, string version, string? fileName = null, string? content = null)
    {
        var result = await _services.GetRequiredService<PackagePublisher>().PublishAsync(
            await AuthorizedAsync(PackageAction.Publish),
            new PublishRequest
            {
                Type = type,
                Name = name,
                Version = version,
                FileName = fileName ?? $"{name}-{version}.bin",
                MaxBytes = 1024 * 1024,
                Duplicates = DuplicateRule.Allow,
            },
            new MemoryStream(Encoding.UTF8.GetBytes(content ?? $"{type.Name}:{name}:{version}:{fileName}:{Guid.NewGuid()}")),
            CancellationToken.None);
        result.Outcome.Should().Be(PublishOutcome.Published, result.Error);
        return result;
    }

    /// <summary>Publishes each version a day after the one before, oldest first, then moves the clock one more day.</summary>
    public async Task PublishDailyAsync(PackageType type, string name, params string[] versions)
    {
        foreach (var version in versions)
        {
            await PublishAsync(type, name, version);
            Clock.Advance(TimeSpan.FromDays(1));
        }
    }

    public async Task TagAsync(PackageType type, string name, string version, string tag) =>
        (await _services.GetRequiredService<Registry.Core.Updating.PackageTagger>().MoveTagsAsync(await AuthorizedAsync(PackageAction.Publish), type, name, version, [tag], CancellationToken.None))
            .Outcome.Should().Be(Registry.Core.Updating.PackageUpdateOutcome.Updated);

    public async Task ProtectFromDeletionAsync(PackageType type, string pattern) =>
        (await _services.GetRequiredService<IPackageProtectionStore>().TryCreateAsync(
            new PackageProtectionRule { ProjectId = Project.Id, PackageType = type.Name, PackageNamePattern = pattern, MinimumAccessLevelForDelete = ProtectionLevel.Owner },
            CancellationToken.None)).Outcome.Should().Be(ProtectionRuleWriteOutcome.Saved);

    public async Task SetPolicyAsync(CleanupPolicy policy) =>
        (await _services.GetRequiredService<CleanupPolicies>().SaveAsync(await AuthorizedAsync(PackageAction.ManageSettings), policy with { ProjectId = Project.Id }, CancellationToken.None))
            .Should().BeEmpty();

    public async Task<CleanupReport> RunAsync(bool dryRun = false) =>
        await Cleaner.RunAsync(await AuthorizedAsync(PackageAction.ManageSettings), dryRun, CancellationToken.None);

    /// <summary>The live versions of a package, oldest first.</summary>
    public async Task<IReadOnlyList<string>> VersionsAsync(PackageType type, string name) =>
        [.. (await Store.ListVersionsAsync(Project.Id, type, type.NormalizeName(name), CancellationToken.None)).Select(p => p.Version)];

    /// <summary>The live files of one version, by id.</summary>
    public async Task<IReadOnlyList<PackageFile>> FilesAsync(PackageType type, string name, string version)
    {
        var package = await Store.FindPackageOrNullAsync(PackageCoordinate.Create(Project.Id, type, name, version), CancellationToken.None)
            ?? throw new InvalidOperationException($"{name} {version} is not live");
        return await Store.ListFilesAsync(package.Id, CancellationToken.None);
    }

    /// <summary>The sha256 of every live file whose blob is missing: what must never exist.</summary>
    public async Task<IReadOnlyList<string>> LiveFilesWithoutBlobsAsync()
    {
        var missing = new List<string>();
        var page = await Store.QueryAsync(new PackageQuery { ProjectIds = [Project.Id], PerPage = 100 }, CancellationToken.None);
        foreach (var package in page.Items)
        {
            foreach (var file in await Store.ListFilesAsync(package.Id, CancellationToken.None))
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
        (await _services.GetRequiredService<ProjectAccessService>().EvaluateAsync(_maintainer, Project, action, EndpointScope.Project, CancellationToken.None)).Project
            ?? throw new InvalidOperationException($"The maintainer may not {action}.");
}
