using Registry.Storage.FileSystem;

namespace Registry.Storage.Tests.FileSystem;

/// <summary>The races of a commit, forced deterministically through a hooked mock file system.</summary>
public sealed class FileSystemBlobStoreRaceTests
{
    private static readonly byte[] Content = GeneratedStream.Bytes(10_000);
    private static readonly string Key = BlobStoreHarness.KeyOf(Content);

    [Fact]
    public async Task A_commit_that_loses_the_rename_to_the_same_key_succeeds_and_cleans_up()
    {
        var fileSystem = new HookedFileSystem();
        var store = new FileSystemBlobStore(fileSystem, "/blobs");
        fileSystem.BeforeMove = (_, destination) =>
        {
            fileSystem.BeforeMove = null;
            fileSystem.File.WriteAllBytes(destination, Content);
        };

        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(Content);
            await writer.CommitAsync(Key, CancellationToken.None);
        }

        fileSystem.Directory.GetFiles("/blobs/tmp").Should().BeEmpty();
        fileSystem.Directory.GetFiles("/blobs/sha256", "*", SearchOption.AllDirectories).Should().ContainSingle();
    }

    [Fact]
    public async Task A_commit_whose_fan_out_directory_is_pruned_under_it_tries_again()
    {
        var fileSystem = new HookedFileSystem();
        var store = new FileSystemBlobStore(fileSystem, "/blobs");
        var pruned = 0;
        fileSystem.BeforeMove = (_, destination) =>
        {
            // What a concurrent DeleteAsync of the last blob in that directory does, twice in a row.
            if (++pruned <= 2)
            {
                fileSystem.Directory.Delete(fileSystem.Path.GetDirectoryName(destination)!);
            }
        };

        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(Content);
            await writer.CommitAsync(Key, CancellationToken.None);
        }

        pruned.Should().Be(3);
        (await store.ExistsAsync(Key, CancellationToken.None)).Should().BeTrue();
        fileSystem.Directory.GetFiles("/blobs/tmp").Should().BeEmpty();
    }

    [Fact]
    public async Task A_commit_that_keeps_failing_throws_and_dispose_still_cleans_up()
    {
        var fileSystem = new HookedFileSystem();
        var store = new FileSystemBlobStore(fileSystem, "/blobs");
        fileSystem.BeforeMove = (_, destination) => fileSystem.Directory.Delete(fileSystem.Path.GetDirectoryName(destination)!);

        var writer = await store.CreateWriterAsync(CancellationToken.None);
        await writer.Content.WriteAsync(Content);
        await FluentActions.Awaiting(() => writer.CommitAsync(Key, CancellationToken.None))
            .Should().ThrowAsync<DirectoryNotFoundException>();
        await writer.DisposeAsync();

        fileSystem.Directory.GetFiles("/blobs/tmp").Should().BeEmpty();
        (await store.ExistsAsync(Key, CancellationToken.None)).Should().BeFalse();
    }

    [Fact]
    public async Task A_commit_whose_temp_file_was_swept_fails_instead_of_pretending()
    {
        var fileSystem = new HookedFileSystem();
        var store = new FileSystemBlobStore(fileSystem, "/blobs");
        fileSystem.BeforeMove = (source, _) => fileSystem.File.Delete(source);

        var writer = await store.CreateWriterAsync(CancellationToken.None);
        await using (writer)
        {
            await writer.Content.WriteAsync(Content);
            await FluentActions.Awaiting(() => writer.CommitAsync(Key, CancellationToken.None))
                .Should().ThrowAsync<IOException>();
        }

        (await store.ExistsAsync(Key, CancellationToken.None)).Should().BeFalse();
    }
}
