using System.IO.Abstractions.TestingHelpers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Registry.Core.Storage;
using Registry.Storage.FileSystem;
using Registry.Storage.Migration;
using Registry.Storage.Tests.FileSystem;

namespace Registry.Storage.Tests.Migration;

/// <summary>The generic migrator between two in-memory file system stores: resumable, verifying, never losing a blob.</summary>
public sealed class BlobStoreMigratorTests
{
    private readonly MockFileSystem _fileSystem = new();
    private readonly FileSystemBlobStore _source;
    private readonly FileSystemBlobStore _destination;

    public BlobStoreMigratorTests()
    {
        _source = new FileSystemBlobStore(_fileSystem, "/source");
        _destination = new FileSystemBlobStore(_fileSystem, "/destination");
    }

    [Fact]
    public async Task Every_blob_moves_and_verifies_and_the_source_ends_empty()
    {
        var keys = await FillSourceAsync(40);
        var reports = new List<BlobMigrationProgress>();

        var result = await Migrator().MigrateAsync(new SyncProgress(reports.Add), CancellationToken.None);

        result.Should().Be(new BlobMigrationResult(Copied: 40, AlreadyPresent: 0, Vanished: 0, Failed: 0));
        (await _source.ListAsync(CancellationToken.None).ToListAsync()).Should().BeEmpty();
        foreach (var key in keys)
        {
            (await HashOfAsync(_destination, key)).Should().Be(key);
        }

        reports.Should().HaveCount(40);
        reports[^1].Should().Be(new BlobMigrationProgress(40, 40, reports[^1].TotalBytes, reports[^1].TotalBytes, 0));
    }

    [Fact]
    public async Task A_run_stopped_halfway_is_finished_by_the_next_one()
    {
        var keys = await FillSourceAsync(40);
        using var stop = new CancellationTokenSource();

        var first = () => Migrator().MigrateAsync(new SyncProgress(p =>
        {
            if (p.Done == 20)
            {
                stop.Cancel();
            }
        }), stop.Token);
        await first.Should().ThrowAsync<OperationCanceledException>();
        var left = (await _source.ListAsync(CancellationToken.None).ToListAsync()).Count;
        left.Should().BeInRange(1, 39);

        var second = await Migrator().MigrateAsync(null, CancellationToken.None);

        (second.Copied + second.AlreadyPresent).Should().Be(left);
        (await _source.ListAsync(CancellationToken.None).ToListAsync()).Should().BeEmpty();
        foreach (var key in keys)
        {
            (await HashOfAsync(_destination, key)).Should().Be(key);
        }
    }

    [Fact]
    public async Task A_blob_copied_before_a_crash_is_verified_not_copied_again()
    {
        var keys = await FillSourceAsync(3);
        // The state a kill between commit and delete leaves: the blob in both stores.
        await CopyAsync(keys[0]);

        var result = await Migrator().MigrateAsync(null, CancellationToken.None);

        result.Should().Be(new BlobMigrationResult(Copied: 2, AlreadyPresent: 1, Vanished: 0, Failed: 0));
        (await _source.ExistsAsync(keys[0], CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task Damaged_bytes_are_never_committed_and_stay_in_the_source()
    {
        var keys = await FillSourceAsync(3);
        _fileSystem.File.WriteAllBytes(_source.GetBlobPath(keys[1]), [1, 2, 3]);
        // A damaged copy at the destination (a store that lost bytes) is replaced, not trusted.
        await using (var writer = await _destination.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(new byte[] { 9, 9, 9 });
            await writer.CommitAsync(keys[2], CancellationToken.None);
        }

        var result = await Migrator().MigrateAsync(null, CancellationToken.None);

        result.Should().Be(new BlobMigrationResult(Copied: 2, AlreadyPresent: 0, Vanished: 0, Failed: 1));
        (await _source.ExistsAsync(keys[1], CancellationToken.None)).Should().BeTrue();
        (await _destination.ExistsAsync(keys[1], CancellationToken.None)).Should().BeFalse();
        (await HashOfAsync(_destination, keys[2])).Should().Be(keys[2]);
    }

    [Fact]
    public async Task The_migrating_store_writes_to_the_destination_and_reads_from_either()
    {
        var keys = await FillSourceAsync(1);
        var store = new MigratingBlobStore(_source, _destination);
        var fresh = GeneratedStream.Bytes(5000, seed: 99);
        var freshKey = Convert.ToHexStringLower(SHA256.HashData(fresh));
        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(fresh);
            await writer.CommitAsync(freshKey, CancellationToken.None);
        }

        (await _destination.ExistsAsync(freshKey, CancellationToken.None)).Should().BeTrue();
        (await _source.ExistsAsync(freshKey, CancellationToken.None)).Should().BeFalse();
        (await HashOfAsync(store, keys[0])).Should().Be(keys[0]);
        (await store.ListAsync(CancellationToken.None).ToListAsync()).Select(e => e.Key).Should().BeEquivalentTo([keys[0], freshKey]);

        await store.DeleteAsync(keys[0], CancellationToken.None);
        (await store.ExistsAsync(keys[0], CancellationToken.None)).Should().BeFalse();
    }

    private BlobStoreMigrator Migrator() => new(_source, _destination, NullLogger<BlobStoreMigrator>.Instance) { Parallelism = 3 };

    private async Task<List<string>> FillSourceAsync(int count)
    {
        var keys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var content = GeneratedStream.Bytes(1000 + i, seed: (uint)(i + 1));
            var key = Convert.ToHexStringLower(SHA256.HashData(content));
            await using var writer = await _source.CreateWriterAsync(CancellationToken.None);
            await writer.Content.WriteAsync(content);
            await writer.CommitAsync(key, CancellationToken.None);
            keys.Add(key);
        }

        return keys;
    }

    private async Task CopyAsync(string key)
    {
        await using var content = await _source.OpenReadOrNullAsync(key, CancellationToken.None) ?? throw new InvalidOperationException();
        await using var writer = await _destination.CreateWriterAsync(CancellationToken.None);
        await content.CopyToAsync(writer.Content);
        await writer.CommitAsync(key, CancellationToken.None);
    }

    private static async Task<string?> HashOfAsync(IBlobStore store, string key)
    {
        await using var stream = await store.OpenReadOrNullAsync(key, CancellationToken.None);
        return stream is null ? null : Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so a test sees every report at once.</summary>
    private sealed class SyncProgress(Action<BlobMigrationProgress> report) : IProgress<BlobMigrationProgress>
    {
        public void Report(BlobMigrationProgress value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
