using System.Security.Cryptography;
using Registry.Core.Storage;
using Registry.Storage.Tests.FileSystem;

namespace Registry.Storage.Tests.Blobs;

/// <summary>
/// What every <see cref="IBlobStore"/> promises, run against each store by a subclass: content-addressed round trips,
/// read back before commit, deduplication, range reads, deletes, listing, and no trace of an upload that was not committed.
/// </summary>
public abstract class BlobStoreContract
{
    /// <summary>Larger than the smallest S3 part, so object stores take their multipart path.</summary>
    protected const int LargeSize = (5 * 1024 * 1024 * 2) + 12345;

    private static readonly byte[] Small = GeneratedStream.Bytes(300_000, seed: 7);

    /// <summary>A new, empty store; skips the test when its server is not available.</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    /// <summary>How many temporary things (temp files, temp objects, unfinished uploads) the store holds.</summary>
    protected abstract Task<int> CountLeftoversAsync(IBlobStore store);

    protected static string KeyOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    [SkippableFact]
    public async Task A_committed_blob_reads_back_by_its_sha256()
    {
        var store = await CreateStoreAsync();
        var key = await PutAsync(store, Small);

        (await store.ExistsAsync(key, CancellationToken.None)).Should().BeTrue();
        (await ReadAsync(store, key)).Should().Equal(Small);
        (await CountLeftoversAsync(store)).Should().Be(0);
    }

    [SkippableTheory]
    [InlineData(300_000)]
    [InlineData(LargeSize)]
    public async Task Written_content_reads_back_before_commit_and_commits_after(int size)
    {
        var store = await CreateStoreAsync();
        var content = GeneratedStream.Bytes(size, seed: 11);
        var key = KeyOf(content);

        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(content);
            await using (var written = await writer.OpenWrittenAsync(CancellationToken.None))
            {
                (await SHA256.HashDataAsync(written)).Should().Equal(SHA256.HashData(content));
            }

            await writer.CommitAsync(key, CancellationToken.None);
        }

        (await ReadAsync(store, key)).Should().Equal(content);
        (await CountLeftoversAsync(store)).Should().Be(0);
    }

    [SkippableFact]
    public async Task A_large_blob_streams_in_and_out_in_parts()
    {
        var store = await CreateStoreAsync();
        var content = GeneratedStream.Bytes(LargeSize, seed: 13);
        var key = KeyOf(content);
        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            // Odd-sized writes, so parts never line up with them.
            for (var offset = 0; offset < content.Length; offset += 100_003)
            {
                await writer.Content.WriteAsync(content.AsMemory(offset, Math.Min(100_003, content.Length - offset)));
            }

            await writer.CommitAsync(key, CancellationToken.None);
        }

        (await ReadAsync(store, key)).Should().Equal(content);
        (await store.ListAsync(CancellationToken.None).ToListAsync()).Should().ContainSingle()
            .Which.Size.Should().Be(content.Length);
        (await CountLeftoversAsync(store)).Should().Be(0);
    }

    [SkippableFact]
    public async Task The_same_bytes_committed_twice_and_concurrently_are_stored_once()
    {
        var store = await CreateStoreAsync();
        var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PutAsync(store, Small)));
        await PutAsync(store, Small);

        keys.Distinct().Should().ContainSingle();
        (await store.ListAsync(CancellationToken.None).ToListAsync()).Should().ContainSingle()
            .Which.Should().Match<BlobEntry>(e => e.Key == keys[0] && e.Size == Small.Length);
        (await ReadAsync(store, keys[0])).Should().Equal(Small);
        (await CountLeftoversAsync(store)).Should().Be(0);
    }

    [SkippableTheory]
    [InlineData(300_000)]
    [InlineData(LargeSize)]
    public async Task An_upload_disposed_without_commit_leaves_nothing(int size)
    {
        var store = await CreateStoreAsync();
        var content = GeneratedStream.Bytes(size, seed: 17);

        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(content);
        }

        (await store.ExistsAsync(KeyOf(content), CancellationToken.None)).Should().BeFalse();
        (await store.ListAsync(CancellationToken.None).ToListAsync()).Should().BeEmpty();
        (await CountLeftoversAsync(store)).Should().Be(0);
    }

    [SkippableFact]
    public async Task A_cancelled_upload_leaves_nothing_once_disposed()
    {
        var store = await CreateStoreAsync();
        using var cancel = new CancellationTokenSource();
        var source = new GeneratedStream(LargeSize, seed: 19, afterRead: position =>
        {
            if (position > LargeSize / 2)
            {
                cancel.Cancel();
            }
        });

        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            var copy = () => source.CopyToAsync(writer.Content, 81920, cancel.Token);
            await copy.Should().ThrowAsync<OperationCanceledException>();
        }

        (await store.ListAsync(CancellationToken.None).ToListAsync()).Should().BeEmpty();
        (await CountLeftoversAsync(store)).Should().Be(0);
    }

    [SkippableTheory]
    [InlineData(300_000)]
    [InlineData(LargeSize)]
    public async Task A_range_is_read_by_seeking(int size)
    {
        var store = await CreateStoreAsync();
        var content = GeneratedStream.Bytes(size, seed: 23);
        var key = await PutAsync(store, content);
        await using var stream = await store.OpenReadOrNullAsync(key, CancellationToken.None);
        stream.Should().NotBeNull();
        var read = stream ?? Stream.Null;
        read.CanSeek.Should().BeTrue();
        read.Length.Should().Be(size);

        var slice = new byte[1000];
        read.Seek(size - 5000, SeekOrigin.Begin);
        await read.ReadExactlyAsync(slice);
        read.Position = 10;
        var head = new byte[100];
        await read.ReadExactlyAsync(head);

        slice.Should().Equal(content.AsSpan(size - 5000, 1000).ToArray());
        head.Should().Equal(content.AsSpan(10, 100).ToArray());
    }

    [SkippableFact]
    public async Task Missing_blobs_read_as_null_and_delete_quietly()
    {
        var store = await CreateStoreAsync();
        var key = KeyOf([1, 2, 3]);

        (await store.OpenReadOrNullAsync(key, CancellationToken.None)).Should().BeNull();
        (await store.ExistsAsync(key, CancellationToken.None)).Should().BeFalse();
        await store.DeleteAsync(key, CancellationToken.None);
    }

    [SkippableFact]
    public async Task Delete_removes_one_blob_and_keeps_the_others()
    {
        var store = await CreateStoreAsync();
        var other = GeneratedStream.Bytes(1000, seed: 29);
        var gone = await PutAsync(store, Small);
        var kept = await PutAsync(store, other);

        await store.DeleteAsync(gone, CancellationToken.None);

        (await store.ExistsAsync(gone, CancellationToken.None)).Should().BeFalse();
        (await store.OpenReadOrNullAsync(gone, CancellationToken.None)).Should().BeNull();
        (await store.ListAsync(CancellationToken.None).ToListAsync()).Select(e => e.Key).Should().Equal(kept);
    }

    [SkippableFact]
    public async Task Keys_that_are_not_a_lowercase_sha256_are_refused()
    {
        var store = await CreateStoreAsync();
        foreach (var bad in new[] { "../" + new string('a', 61), new string('A', 64), "abc", "sha256/" + new string('a', 57) })
        {
            await FluentActions.Awaiting(() => store.OpenReadOrNullAsync(bad, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
            await FluentActions.Awaiting(() => store.DeleteAsync(bad, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
            await using var writer = await store.CreateWriterAsync(CancellationToken.None);
            await writer.Content.WriteAsync(Small);
            await FluentActions.Awaiting(() => writer.CommitAsync(bad, CancellationToken.None)).Should().ThrowAsync<ArgumentException>();
        }

        (await CountLeftoversAsync(store)).Should().Be(0);
    }

    protected static async Task<string> PutAsync(IBlobStore store, byte[] content)
    {
        var key = KeyOf(content);
        await using var writer = await store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(content);
        await writer.CommitAsync(key, CancellationToken.None);
        return key;
    }

    protected static async Task<byte[]?> ReadAsync(IBlobStore store, string key)
    {
        await using var stream = await store.OpenReadOrNullAsync(key, CancellationToken.None);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
