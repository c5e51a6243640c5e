using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registry.Core.Deleting;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.FileSystem;
using Registry.Storage.Tests.Infrastructure;
using Registry.Storage.Tests.Metadata;

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
            // On a thread of its own, as another request's publish would be: called inline, a publish whose awaits all
            // complete synchronously reaches SQLite's BEGIN IMMEDIATE on this very stack, which holds the write lock, and
            // waits out the busy timeout before the hook can ever return (seen in CI as 'database is locked' after 30 s).
            racing = Task.Run(() => registry.PublishAsync("2.0", "shared bytes"));
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

    /// <summary>Publisher, deleter and collector over one database and one blob directory whose deletes can be hooked.</summary>
    private sealed class Registry(StorageRegistryHarness registry) : IAsyncDisposable
    {
        public HookedBlobStore Blobs => (HookedBlobStore)registry.Blobs;

        public BlobGarbageCollector Collector => registry.Collector;

        public static async Task<Registry> CreateAsync(MetadataProvider provider, TimeSpan grace) =>
            new(await StorageRegistryHarness.CreateAsync(provider, TimeProvider.System, grace, services =>
                services.Replace(ServiceDescriptor.Singleton<IBlobStore>(sp => new HookedBlobStore(sp.GetRequiredService<FileSystemBlobStore>())))));

        public async Task<PublishResult> PublishAsync(string version, string content) =>
            await registry.Get<PackagePublisher>().PublishAsync(
                await registry.AuthorizedAsync(PackageAction.Publish),
                new PublishRequest { Type = TestTypes.Generic, Name = "tool", Version = version, FileName = "tool.bin", MaxBytes = 1024 },
                new MemoryStream(Encoding.UTF8.GetBytes(content)),
                CancellationToken.None);

        public Task DeletePackageAsync(PublishResult published) => DeleteByIdAsync(published.Package!.Id);

        public async Task DeleteByIdAsync(long packageId) =>
            (await registry.Get<PackageDeleter>().DeletePackageAsync(await registry.AuthorizedAsync(PackageAction.Delete), packageId, CancellationToken.None))
                .Should().BeTrue();

        /// <summary>Dates a committed blob back, as if written <paramref name="age"/> ago.</summary>
        public void Age(string key, TimeSpan age) =>
            File.SetLastWriteTimeUtc(registry.Get<FileSystemBlobStore>().GetBlobPath(key), DateTime.UtcNow - age);

        public Task<IReadOnlyList<long>> LivePackagesAsync() => registry.LivePackagesAsync();

        public Task<IReadOnlyList<string>> LiveFilesWithoutBlobsAsync() => registry.LiveFilesWithoutBlobsAsync();

        public ValueTask DisposeAsync() => registry.DisposeAsync();
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
