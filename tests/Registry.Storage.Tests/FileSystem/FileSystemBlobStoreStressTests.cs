using System.Security.Cryptography;

namespace Registry.Storage.Tests.FileSystem;

public sealed class FileSystemBlobStoreStressTests
{
    [Theory]
    [InlineData(FileSystemKind.Real)]
    [InlineData(FileSystemKind.Mock)]
    public async Task Concurrent_writers_of_the_same_content_store_one_file(FileSystemKind kind)
    {
        const int Writers = 8;
        using var harness = new BlobStoreHarness(kind);

        for (var round = 0; round < 5; round++)
        {
            var content = GeneratedStream.Bytes(512 * 1024, seed: (uint)(round + 1));
            var key = BlobStoreHarness.KeyOf(content);
            var ready = 0;
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var tasks = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
            {
                await using var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
                await writer.Content.WriteAsync(content);

                // Commit all at once, to make the renames race.
                if (Interlocked.Increment(ref ready) == Writers)
                {
                    go.SetResult();
                }

                await go.Task;
                await writer.CommitAsync(key, CancellationToken.None);
            }));
            await Task.WhenAll(tasks);

            (await harness.ReadAsync(key)).Should().Equal(content);
            harness.TempFiles().Should().BeEmpty();
            harness.BlobFiles().Should().HaveCount(round + 1);
        }
    }

    [Fact]
    public async Task Commits_racing_deletes_of_their_fan_out_directory_succeed()
    {
        using var harness = new BlobStoreHarness(FileSystemKind.Real);

        for (var i = 0; i < 200; i++)
        {
            // Same fan-out directory for both keys, so each delete may prune what the commit is about to use.
            var doomed = new byte[] { (byte)i };
            var doomedKey = await harness.PutAsync(doomed);
            var content = GeneratedStream.Bytes(1024, seed: (uint)(i + 10));
            var key = BlobStoreHarness.KeyOf(content);
            var fakeKey = doomedKey[..4] + key[4..];

            var writer = await harness.Store.CreateWriterAsync(CancellationToken.None);
            await using (writer)
            {
                await writer.Content.WriteAsync(content);
                await Task.WhenAll(
                    Task.Run(() => harness.Store.DeleteAsync(doomedKey, CancellationToken.None)),
                    Task.Run(() => writer.CommitAsync(fakeKey, CancellationToken.None)));
            }

            (await harness.Store.ExistsAsync(fakeKey, CancellationToken.None)).Should().BeTrue();
            await harness.Store.DeleteAsync(fakeKey, CancellationToken.None);
        }

        harness.TempFiles().Should().BeEmpty();
        harness.BlobFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task A_64_MiB_streamed_write_round_trips()
    {
        const long Size = 64L * 1024 * 1024;
        using var harness = new BlobStoreHarness(FileSystemKind.Real);
        using var body = new GeneratedStream(Size, seed: 64);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];

        string key;
        await using (var writer = await harness.Store.CreateWriterAsync(CancellationToken.None))
        {
            int read;
            while ((read = await body.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await writer.Content.WriteAsync(buffer.AsMemory(0, read));
            }

            key = Convert.ToHexStringLower(hash.GetHashAndReset());
            await using (var written = await writer.OpenWrittenAsync(CancellationToken.None))
            {
                written.Length.Should().Be(Size);
            }

            await writer.CommitAsync(key, CancellationToken.None);
        }

        await using var stream = await harness.Store.OpenReadOrNullAsync(key, CancellationToken.None);
        stream!.Length.Should().Be(Size);
        Convert.ToHexStringLower(await SHA256.HashDataAsync(stream)).Should().Be(key);
        (await harness.ListAsync()).Should().ContainSingle().Which.Size.Should().Be(Size);
        harness.TempFiles().Should().BeEmpty();
    }
}
