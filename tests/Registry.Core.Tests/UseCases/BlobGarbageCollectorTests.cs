using Registry.Core.Deleting;
using Registry.Core.Security;

namespace Registry.Core.Tests.UseCases;

public sealed class BlobGarbageCollectorTests : IAsyncLifetime
{
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private RegistryHarness _registry = null!;

    private BlobGarbageCollector Collector => _registry.Get<BlobGarbageCollector>();

    public async Task InitializeAsync() => _registry = await RegistryHarness.CreateAsync(o => o.OrphanBlobGracePeriod = Grace);

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task A_deleted_packages_blob_goes_once_the_grace_period_has_passed()
    {
        var published = await _registry.PublishAsync("tool", "1.0.0");
        await DeleteAsync(published.Package.OrFail().Id);

        var written = await WrittenAtAsync();
        _registry.Time.SetUtcNow(written + Grace - TimeSpan.FromSeconds(1));
        var early = await Collector.CollectAsync(default);
        var blobs = await _registry.ListBlobsAsync();
        _registry.Time.SetUtcNow(written + Grace + TimeSpan.FromSeconds(1));
        var late = await Collector.CollectAsync(default);

        early.Should().Be(0);
        blobs.Should().ContainSingle("the blob is younger than the grace period, as a publish about to record it would be");
        late.Should().Be(1);
        (await _registry.ListBlobsAsync()).Should().BeEmpty();
        (await _registry.Store.IsBlobReferencedAsync(published.File.OrFail().Sha256, default)).Should().BeFalse("the purge removed the row");
    }

    [Fact]
    public async Task Bytes_a_live_file_shares_are_kept()
    {
        var deleted = await _registry.PublishAsync("tool", "1.0.0", "same");
        var kept = await _registry.PublishAsync("tool", "2.0.0", "same");
        await DeleteAsync(deleted.Package.OrFail().Id);
        _registry.Time.SetUtcNow(await WrittenAtAsync() + (Grace * 2));

        (await Collector.CollectAsync(default)).Should().Be(0);

        (await _registry.ListBlobsAsync()).Should().ContainSingle().Which.Key.Should().Be(kept.File.OrFail().Sha256);
    }

    [Fact]
    public async Task An_orphan_left_by_a_publish_that_never_recorded_its_row_is_collected()
    {
        await using (var writer = await _registry.Blobs.CreateWriterAsync(default))
        {
            await writer.Content.WriteAsync("orphan"u8.ToArray());
            await writer.CommitAsync("0000000000000000000000000000000000000000000000000000000000000000", default);
        }

        await _registry.PublishAsync("tool", "1.0.0", "live");
        _registry.Time.SetUtcNow(await WrittenAtAsync() + Grace + TimeSpan.FromSeconds(1));

        (await Collector.CollectAsync(default)).Should().Be(1);
        (await _registry.ListBlobsAsync()).Should().ContainSingle();
    }

    /// <summary>
    /// When the newest blob was written. The in-memory file system stamps new files with its own clock, not the fake
    /// one, so the tests place the fake clock relative to the stamp.
    /// </summary>
    private async Task<DateTimeOffset> WrittenAtAsync() => (await _registry.ListBlobsAsync()).Max(b => b.LastModified);

    private Task<bool> DeleteAsync(long packageId) =>
        _registry.Get<PackageDeleter>().DeletePackageAsync(_registry.Authorized(PackageAction.Delete), packageId, default);
}
