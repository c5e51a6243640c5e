using System.Text;
using Microsoft.Extensions.Time.Testing;
using Registry.Core.Cleanup;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Protection;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.Tests.Infrastructure;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Cleanup;

/// <summary>
/// Core's real publisher, tagger, cleanup use cases and blob collector over one database (SQLite file or PostgreSQL) and
/// file-system blobs, with a project whose Maintainer runs everything. With a <see cref="FakeTimeProvider"/> the test
/// publishes back-dated versions by moving the clock forward between publishes.
/// </summary>
internal sealed class CleanupHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly StorageRegistryHarness _registry;

    private CleanupHarness(StorageRegistryHarness registry) => _registry = registry;

    public Project Project => _registry.Project;

    /// <summary>The clock, when the harness was made with a fake one.</summary>
    public FakeTimeProvider Clock => (FakeTimeProvider)_registry.Get<TimeProvider>();

    public IPackageStore Store => _registry.Store;

    public PackageCleaner Cleaner => _registry.Get<PackageCleaner>();

    public CleanupService Service => _registry.Get<CleanupService>();

    public ICleanupPolicyStore Policies => _registry.Get<ICleanupPolicyStore>();

    public BlobGarbageCollector Collector => _registry.Collector;

    /// <param name="provider">The metadata database.</param>
    /// <param name="fakeClock">A <see cref="FakeTimeProvider"/> at <see cref="Start"/>; otherwise the system clock (for blob collection, which compares with file times).</param>
    /// <param name="grace">The blob collector's grace period.</param>
    public static async Task<CleanupHarness> CreateAsync(MetadataProvider provider, bool fakeClock = true, TimeSpan? grace = null) =>
        new(await StorageRegistryHarness.CreateAsync(provider, fakeClock ? new FakeTimeProvider(Start) : TimeProvider.System, grace ?? TimeSpan.FromHours(1)));

    /// <summary>Publishes one file (its content defaults to something unique to the coordinate and file name).</summary>
    public async Task<PublishResult> PublishAsync(PackageType type, string name, string version, string? fileName = null, string? content = null)
    {
        var result = await _registry.Get<PackagePublisher>().PublishAsync(
            await _registry.AuthorizedAsync(PackageAction.Publish),
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
        (await _registry.Get<Registry.Core.Updating.PackageTagger>().MoveTagsAsync(await _registry.AuthorizedAsync(PackageAction.Publish), type, name, version, [tag], CancellationToken.None))
            .Outcome.Should().Be(Registry.Core.Updating.PackageUpdateOutcome.Updated);

    public async Task ProtectFromDeletionAsync(PackageType type, string pattern) =>
        (await _registry.Get<IPackageProtectionStore>().TryCreateAsync(
            new PackageProtectionRule { ProjectId = Project.Id, PackageType = type.Name, PackageNamePattern = pattern, MinimumAccessLevelForDelete = ProtectionLevel.Owner },
            CancellationToken.None)).Outcome.Should().Be(ProtectionRuleWriteOutcome.Saved);

    public async Task SetPolicyAsync(CleanupPolicy policy) =>
        (await _registry.Get<CleanupPolicies>().SaveAsync(await _registry.AuthorizedAsync(PackageAction.ManageSettings), policy with { ProjectId = Project.Id }, CancellationToken.None))
            .Should().BeEmpty();

    public async Task<CleanupReport> RunAsync(bool dryRun = false) =>
        await Cleaner.RunAsync(await _registry.AuthorizedAsync(PackageAction.ManageSettings), dryRun, CancellationToken.None);

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
    public Task<IReadOnlyList<string>> LiveFilesWithoutBlobsAsync() => _registry.LiveFilesWithoutBlobsAsync();

    public ValueTask DisposeAsync() => _registry.DisposeAsync();
}
