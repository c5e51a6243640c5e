using System.Security.Cryptography;
using Registry.Storage.FileSystem;

namespace Registry.Storage.Tests.FileSystem;

public sealed class FileSystemBlobStoreTests
{
    private static readonly byte[] Content = GeneratedStream.Bytes(300_000);

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Write_then_commit_then_read_round_trips(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var key = BlobStoreHarness.KeyOf(Content);

        await using (var writer = await harness.Store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(Content);
            await using (var written = await writer.OpenWrittenAsync(CancellationToken.None))
            {
                (await SHA256.HashDataAsync(written)).Should().Equal(SHA256.HashData(Content));
            }

            // The writer stays usable after a read-back.
            await writer.Content.WriteAsync(Array.Empty<byte>());
            await writer.CommitAsync(key, CancellationToken.None);
        }

        (await harness.Store.ExistsAsync(key, CancellationToken.None)).Should().BeTrue();
        (await harness.ReadAsync(key)).Should().Equal(Content);
        harness.BlobFiles().Should().ContainSingle()
            .Which.Should().Be(harness.FileSystem.Path.Combine(harness.BlobDirectory, key[..2], key[2..4], key));
        harness.TempFiles().Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Read_back_sees_writes_made_after_an_earlier_read_back(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        await using var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(Content.AsMemory(0, 1000));
        await using (var first = await writer.OpenWrittenAsync(CancellationToken.None))
        {
            first.Length.Should().Be(1000);
        }

        await writer.Content.WriteAsync(Content.AsMemory(1000));
        await using var second = await writer.OpenWrittenAsync(CancellationToken.None);
        second.Length.Should().Be(Content.Length);
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Same_content_committed_twice_is_stored_once(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);

        var first = await harness.PutAsync(Content);
        var second = await harness.PutAsync(Content);

        second.Should().Be(first);
        harness.BlobFiles().Should().ContainSingle();
        harness.TempFiles().Should().BeEmpty();
        (await harness.ReadAsync(first)).Should().Equal(Content);
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Committing_existing_content_again_restarts_its_grace_period(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var key = await harness.PutAsync(Content);
        var path = harness.FileSystem.Path.Combine(harness.BlobDirectory, key[..2], key[2..4], key);
        harness.FileSystem.File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddDays(-30));

        await harness.PutAsync(Content);

        (await harness.ListAsync()).Should().ContainSingle()
            .Which.LastModified.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Disposing_without_commit_leaves_no_temp_file(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);

        var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(Content);
        harness.TempFiles().Should().ContainSingle();
        await writer.DisposeAsync();
        await writer.DisposeAsync();

        harness.TempFiles().Should().BeEmpty();
        harness.BlobFiles().Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Disposing_does_not_throw_when_the_temp_file_is_gone_already(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);

        var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(Content);
        await writer.Content.FlushAsync();
        harness.FileSystem.Directory.Delete(harness.TempDirectory, recursive: true);

        var dispose = async () => await writer.DisposeAsync();

        await dispose.Should().NotThrowAsync();
        harness.TempFiles().Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Cancelling_mid_copy_then_disposing_leaves_nothing(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        using var cts = new CancellationTokenSource();
        using var body = new GeneratedStream(
            256L * 1024 * 1024, afterRead: read =>
            {
                // A client that hangs up after a megabyte.
                if (read >= 1024 * 1024)
                {
                    cts.Cancel();
                }
            });

        var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
        try
        {
            var copy = () => body.CopyToAsync(writer.Content, cts.Token);
            await copy.Should().ThrowAsync<OperationCanceledException>();
        }
        finally
        {
            await writer.DisposeAsync();
        }

        body.Position.Should().BeLessThan(body.Length);
        harness.TempFiles().Should().BeEmpty();
        harness.BlobFiles().Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task A_cancelled_commit_leaves_the_writer_to_clean_up(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(Content);

        var commit = () => writer.CommitAsync(BlobStoreHarness.KeyOf(Content), new CancellationToken(canceled: true));

        await commit.Should().ThrowAsync<OperationCanceledException>();
        await writer.DisposeAsync();
        harness.TempFiles().Should().BeEmpty();
        harness.BlobFiles().Should().BeEmpty();
    }

    public static TheoryData<FileSystemKind, string> BadKeys()
    {
        var keys = new[]
        {
            "../x",
            "",
            "abc",
            new string('A', 64),
            "../../" + new string('a', 58),
            "/" + new string('a', 63),
            new string('a', 63) + "\\",
            new string('a', 65),
            new string('g', 64),
        };
        var data = new TheoryData<FileSystemKind, string>();
        foreach (var kind in new[] { FileSystemKind.Mock, FileSystemKind.Real })
        {
            foreach (var key in keys)
            {
                data.Add(kind, key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task Bad_keys_are_rejected_everywhere(FileSystemKind kind, string key)
    {
        using var harness = new BlobStoreHarness(kind);
        var store = harness.Store;

        await FluentActions.Awaiting(() => store.OpenReadOrNullAsync(key, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => store.ExistsAsync(key, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        await FluentActions.Awaiting(() => store.DeleteAsync(key, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();

        var writer = await store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(Content);
        await FluentActions.Awaiting(() => writer.CommitAsync(key, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();

        // The refused commit left the writer intact, so the caller's dispose still cleans up.
        await writer.DisposeAsync();
        harness.TempFiles().Should().BeEmpty();
        harness.BlobFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task A_null_key_is_rejected()
    {
        using var harness = new BlobStoreHarness(FileSystemKind.Mock);

        await FluentActions.Awaiting(() => harness.Store.ExistsAsync(null!, CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task A_range_is_read_by_seeking(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var key = await harness.PutAsync(Content);

        await using var stream = await harness.Store.OpenReadOrNullAsync(key, CancellationToken.None);
        stream.Should().NotBeNull();
        stream!.CanSeek.Should().BeTrue();
        stream.Length.Should().Be(Content.Length);

        stream.Seek(200_000, SeekOrigin.Begin);
        var range = new byte[5000];
        await stream.ReadExactlyAsync(range);

        range.Should().Equal(Content.AsSpan(200_000, 5000).ToArray());
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Missing_blobs_read_as_null_and_do_not_exist(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var missing = BlobStoreHarness.KeyOf([1, 2, 3]);

        (await harness.Store.OpenReadOrNullAsync(missing, CancellationToken.None)).Should().BeNull();
        (await harness.Store.ExistsAsync(missing, CancellationToken.None)).Should().BeFalse();

        // Same fan-out directory as a blob that exists, different name.
        await harness.PutAsync(Content);
        var sibling = BlobStoreHarness.KeyOf(Content)[..4] + new string('0', 60);
        (await harness.Store.OpenReadOrNullAsync(sibling, CancellationToken.None)).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Delete_removes_the_blob_and_its_empty_fan_out_directories(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var key = await harness.PutAsync(Content);

        await harness.Store.DeleteAsync(key, CancellationToken.None);
        await harness.Store.DeleteAsync(key, CancellationToken.None);

        (await harness.Store.ExistsAsync(key, CancellationToken.None)).Should().BeFalse();
        harness.FileSystem.Directory.Exists(harness.FileSystem.Path.Combine(harness.BlobDirectory, key[..2])).Should().BeFalse();
        harness.FileSystem.Directory.Exists(harness.BlobDirectory).Should().BeTrue();

        // And a commit after the pruning recreates them.
        await harness.PutAsync(Content);
        (await harness.ReadAsync(key)).Should().Equal(Content);
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Delete_keeps_fan_out_directories_that_hold_other_blobs(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var key = await harness.PutAsync(Content);
        var neighbour = key[..4] + new string('0', 60);
        var neighbourPath = harness.FileSystem.Path.Combine(harness.BlobDirectory, key[..2], key[2..4], neighbour);
        harness.FileSystem.File.WriteAllBytes(neighbourPath, [42]);

        await harness.Store.DeleteAsync(key, CancellationToken.None);

        harness.FileSystem.File.Exists(neighbourPath).Should().BeTrue();
        (await harness.Store.ExistsAsync(neighbour, CancellationToken.None)).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Delete_is_not_blocked_by_a_download_in_progress(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var key = await harness.PutAsync(Content);
        await using var download = await harness.Store.OpenReadOrNullAsync(key, CancellationToken.None);
        var head = new byte[1000];
        await download!.ReadExactlyAsync(head);

        await harness.Store.DeleteAsync(key, CancellationToken.None);

        (await harness.Store.ExistsAsync(key, CancellationToken.None)).Should().BeFalse();
        var rest = new MemoryStream();
        await download.CopyToAsync(rest);
        head.Concat(rest.ToArray()).Should().Equal(Content);
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Delete_of_a_never_written_blob_is_not_an_error(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);

        var delete = () => harness.Store.DeleteAsync(new string('e', 64), CancellationToken.None);

        await delete.Should().NotThrowAsync();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task List_reports_committed_blobs_and_skips_junk(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var small = new byte[] { 1, 2, 3 };
        var first = await harness.PutAsync(Content);
        var second = await harness.PutAsync(small);

        var fs = harness.FileSystem;
        var blobs = harness.BlobDirectory;
        void Junk(params string[] parts)
        {
            var path = fs.Path.Combine([blobs, .. parts]);
            fs.Directory.CreateDirectory(fs.Path.GetDirectoryName(path)!);
            fs.File.WriteAllBytes(path, [0]);
        }

        Junk("README");
        Junk(first[..2], "stray.txt");
        Junk(first[..2], first[2..4], "notes.txt");
        Junk(first[..2], first[2..4], first.ToUpperInvariant()[..63] + "x");
        Junk(first[..2], first[2..4], first + ".tmp");
        Junk("zz", "yy", new string('a', 64));
        Junk("AB", "CD", "abcd" + new string('0', 60));
        Junk("00", "00", "ffff" + new string('0', 60));
        fs.Directory.CreateDirectory(fs.Path.Combine(blobs, "0a", "0b", "0c"));
        var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
        await using (writer)
        {
            await writer.Content.WriteAsync(small);
            await writer.Content.FlushAsync();

            var entries = await harness.ListAsync();

            entries.Select(e => e.Key).Should().BeEquivalentTo([first, second]);
            entries.Single(e => e.Key == first).Size.Should().Be(Content.Length);
            entries.Single(e => e.Key == second).Size.Should().Be(small.Length);
            entries.Should().AllSatisfy(e =>
            {
                e.LastModified.Offset.Should().Be(TimeSpan.Zero);
                e.LastModified.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            });
        }
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task List_of_an_empty_store_is_empty(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);

        (await harness.ListAsync()).Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task A_committed_writer_refuses_more_and_its_dispose_keeps_the_blob(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var key = BlobStoreHarness.KeyOf(Content);
        var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(Content);
        await writer.CommitAsync(key, CancellationToken.None);

        await FluentActions.Awaiting(() => writer.CommitAsync(key, CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();
        await FluentActions.Awaiting(() => writer.OpenWrittenAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();
        await writer.DisposeAsync();

        (await harness.ReadAsync(key)).Should().Equal(Content);
        await FluentActions.Awaiting(() => writer.OpenWrittenAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task A_disposed_writer_refuses_to_commit(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
        await writer.DisposeAsync();

        await FluentActions.Awaiting(() => writer.CommitAsync(BlobStoreHarness.KeyOf([]), CancellationToken.None))
            .Should().ThrowAsync<ObjectDisposedException>();
        harness.BlobFiles().Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(BlobStoreHarness.Kinds), MemberType = typeof(BlobStoreHarness))]
    public async Task Stale_temp_files_are_swept_and_fresh_ones_kept(FileSystemKind kind)
    {
        using var harness = new BlobStoreHarness(kind);
        var key = await harness.PutAsync(Content);
        var fs = harness.FileSystem;
        fs.Directory.CreateDirectory(harness.TempDirectory);
        var stale = fs.Path.Combine(harness.TempDirectory, "crashed.tmp");
        fs.File.WriteAllBytes(stale, [1]);
        fs.File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddDays(-2));
        await using var live = await harness.Store.CreateWriterAsync(CancellationToken.None);
        await live.Content.WriteAsync(Content);

        var deleted = await harness.Store.DeleteStaleTempFilesAsync(TimeSpan.FromHours(1), CancellationToken.None);

        deleted.Should().Be(1);
        fs.File.Exists(stale).Should().BeFalse();
        harness.TempFiles().Should().ContainSingle();
        (await harness.Store.ExistsAsync(key, CancellationToken.None)).Should().BeTrue();
    }

    [Fact]
    public async Task Sweeping_ages_files_by_the_given_clock()
    {
        using var harness = new BlobStoreHarness(FileSystemKind.Mock);
        var store = new FileSystemBlobStore(harness.FileSystem, harness.Root, new ShiftedTimeProvider(TimeSpan.FromDays(1)));
        var writer = await store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(Content);
        await writer.Content.FlushAsync();

        (await store.DeleteStaleTempFilesAsync(TimeSpan.FromHours(1), CancellationToken.None)).Should().Be(1);
        await writer.DisposeAsync();
        harness.TempFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Sweeping_a_store_never_written_to_deletes_nothing()
    {
        using var harness = new BlobStoreHarness(FileSystemKind.Real);

        (await harness.Store.DeleteStaleTempFilesAsync(TimeSpan.Zero, CancellationToken.None)).Should().Be(0);
    }

    private sealed class ShiftedTimeProvider(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
