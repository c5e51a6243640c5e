using Registry.Core.Deleting;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Storage.Tests.Metadata;

namespace Registry.Core.Tests.UseCases;

public sealed class PackageReaderTests : IAsyncLifetime
{
    private RegistryHarness _registry = null!;

    private PackageReader Reader => _registry.Get<PackageReader>();

    private AuthorizedProject Pull => _registry.Authorized(PackageAction.Pull);

    public async Task InitializeAsync() => _registry = await RegistryHarness.CreateAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Packages_and_versions_are_found_by_the_names_clients_send()
    {
        await _registry.PublishAsync("My_Tool", "1.0", type: TestTypes.PyPI);
        await _registry.PublishAsync("my.tool", "2.0", type: TestTypes.PyPI);

        (await Reader.FindPackageOrNullAsync(Pull, TestTypes.PyPI, "MY-TOOL", "v1.0", default)).OrFail().Name.Should().Be("My_Tool");
        (await Reader.ListVersionsAsync(Pull, TestTypes.PyPI, "my-tool", default)).Select(p => p.Version).Should().Equal("1.0", "2.0");
        (await Reader.FindVersionsFingerprintOrNullAsync(Pull, TestTypes.PyPI, "my-tool", default)).Should().NotBeNull();
        (await Reader.FindVersionsFingerprintOrNullAsync(Pull, TestTypes.PyPI, "other", default)).Should().BeNull();
    }

    [Fact]
    public async Task A_file_opens_with_its_bytes_and_a_missing_one_is_null()
    {
        await _registry.PublishAsync("tool", "1.0.0", "payload");

        var download = (await Reader.OpenFileOrNullAsync(Pull, TestTypes.Generic, "tool", "1.0.0", "tool-1.0.0.bin", default)).OrFail();
        await using var content = download.Content;

        (await new StreamReader(content).ReadToEndAsync()).Should().Be("payload");
        download.File.Size.Should().Be(7);
        (await Reader.OpenFileOrNullAsync(Pull, TestTypes.Generic, "tool", "1.0.0", "other.bin", default)).Should().BeNull();
        (await Reader.OpenFileOrNullAsync(Pull, TestTypes.Generic, "tool", "2.0.0", "tool-1.0.0.bin", default)).Should().BeNull();
    }

    [Fact]
    public async Task Downloads_are_noted_and_written_by_the_recorder_at_most_once_a_minute()
    {
        var id = (await _registry.PublishAsync("tool", "1.0.0")).Package.OrFail().Id;
        var recorder = _registry.Get<DownloadRecorder>();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => OpenAsync()));
        (await LastDownloadedAtAsync()).Should().BeNull("a download only notes the time");
        await recorder.FlushAsync(default);
        (await LastDownloadedAtAsync()).Should().Be(RegistryHarness.Start);

        _registry.Time.Advance(TimeSpan.FromSeconds(30));
        await OpenAsync();
        await recorder.FlushAsync(default);
        (await LastDownloadedAtAsync()).Should().Be(RegistryHarness.Start, "within the interval the recorded time stands");

        _registry.Time.Advance(TimeSpan.FromSeconds(31));
        await OpenAsync();
        await recorder.FlushAsync(default);
        (await LastDownloadedAtAsync()).Should().Be(RegistryHarness.Start.AddSeconds(61));

        async Task<DateTimeOffset?> LastDownloadedAtAsync() =>
            (await _registry.Store.ListLastDownloadsAsync([id], default)).TryGetValue(id, out var at) ? at : null;
    }

    [Fact]
    public async Task A_download_never_waits_for_the_store_to_record_it()
    {
        var never = new TaskCompletionSource();
        DownloadStoreProxy? proxy = null;
        await using var registry = await RegistryHarness.CreateAsync(decorateStore: real =>
        {
            (var store, proxy) = DownloadStoreProxy.Over(real);
            proxy.RecordDownloads = _ => never.Task;
            return store;
        });
        await registry.PublishAsync("tool", "1.0.0", "payload");
        var pull = registry.Authorized(PackageAction.Pull);
        var reader = registry.Get<PackageReader>();
        await using ((await reader.OpenFileOrNullAsync(pull, TestTypes.Generic, "tool", "1.0.0", "tool-1.0.0.bin", default)).OrFail().Content)
        {
        }

        // A write that never ends is under way: downloads go on.
        var flush = registry.Get<DownloadRecorder>().FlushAsync(default);
        var download = (await reader.OpenFileOrNullAsync(pull, TestTypes.Generic, "tool", "1.0.0", "tool-1.0.0.bin", default).WaitAsync(TimeSpan.FromMinutes(1))).OrFail();
        await using var content = download.Content;

        (await new StreamReader(content).ReadToEndAsync()).Should().Be("payload");
        flush.IsCompleted.Should().BeFalse();
        proxy.OrFail().Batches.Should().ContainSingle();
        registry.Get<DownloadRecorder>().PendingCount.Should().Be(1, "the second download is noted for the next write");
    }

    [Fact]
    public async Task A_deleted_package_is_invisible()
    {
        var published = await _registry.PublishAsync("tool", "1.0.0");
        await _registry.Get<PackageDeleter>().DeletePackageAsync(_registry.Authorized(PackageAction.Delete), published.Package.OrFail().Id, default);

        (await FindAsync()).Should().BeNull();
        (await Reader.ListVersionsAsync(Pull, TestTypes.Generic, "tool", default)).Should().BeEmpty();
        (await Reader.OpenFileOrNullAsync(Pull, TestTypes.Generic, "tool", "1.0.0", "tool-1.0.0.bin", default)).Should().BeNull();
    }

    [Fact]
    public async Task Reading_needs_its_permission_and_a_package_of_the_authorized_project()
    {
        var published = await _registry.PublishAsync("tool", "1.0.0");
        var package = published.Package.OrFail();
        var file = published.File.OrFail();
        var view = _registry.Authorized(PackageAction.View);
        var elsewhere = new AuthorizedProject(_registry.Project with { Id = _registry.Project.Id + 1 }, _registry.Developer, PackageAction.Pull, new HashSet<PackageAction> { PackageAction.Pull });

        (await Reader.ListFilesAsync(view, package, default)).Should().ContainSingle();
        await FluentActions.Awaiting(() => Reader.OpenFileOrNullAsync(view, package, file, default)).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => Reader.OpenFileOrNullAsync(elsewhere, package, file, default)).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => Reader.ListFilesAsync(elsewhere, package, default)).Should().ThrowAsync<InvalidOperationException>();
    }

    private async Task OpenAsync()
    {
        var download = (await Reader.OpenFileOrNullAsync(Pull, TestTypes.Generic, "tool", "1.0.0", "tool-1.0.0.bin", default)).OrFail();
        await download.Content.DisposeAsync();
    }

    private Task<Package?> FindAsync() => Reader.FindPackageOrNullAsync(Pull, TestTypes.Generic, "tool", "1.0.0", default);
}
