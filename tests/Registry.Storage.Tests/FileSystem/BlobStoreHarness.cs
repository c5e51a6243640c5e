using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using System.Security.Cryptography;
using Registry.Core.Storage;
using Registry.Storage.FileSystem;

namespace Registry.Storage.Tests.FileSystem;

public enum FileSystemKind
{
    Mock,
    Real,
}

/// <summary>A store over a mock or over a fresh directory under the system temp path, deleted on dispose.</summary>
internal sealed class BlobStoreHarness : IDisposable
{
    public BlobStoreHarness(FileSystemKind kind)
    {
        if (kind == FileSystemKind.Mock)
        {
            FileSystem = new MockFileSystem();
            Root = "/blobs";
        }
        else
        {
            FileSystem = new System.IO.Abstractions.FileSystem();
            Root = Path.Combine(Path.GetTempPath(), "registry-blob-tests-" + Guid.NewGuid().ToString("N"));
        }

        Store = new FileSystemBlobStore(FileSystem, Root);
    }

    public static TheoryData<FileSystemKind> Kinds => new() { FileSystemKind.Mock, FileSystemKind.Real };

    public IFileSystem FileSystem { get; }

    public string Root { get; }

    public FileSystemBlobStore Store { get; }

    public string TempDirectory => FileSystem.Path.Combine(Store.RootPath, "tmp");

    public string BlobDirectory => FileSystem.Path.Combine(Store.RootPath, "sha256");

    public static string KeyOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public async Task<string> PutAsync(byte[] content, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(content);
        await using var writer = await Store.CreateWriterAsync(cancellationToken);
        await writer.Content.WriteAsync(content, cancellationToken);
        await writer.CommitAsync(key, cancellationToken);
        return key;
    }

    public async Task<byte[]?> ReadAsync(string key)
    {
        await using var stream = await Store.OpenReadOrNullAsync(key, CancellationToken.None);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    public string[] TempFiles() =>
        FileSystem.Directory.Exists(TempDirectory) ? FileSystem.Directory.GetFiles(TempDirectory) : [];

    public string[] BlobFiles() =>
        FileSystem.Directory.Exists(BlobDirectory)
            ? FileSystem.Directory.GetFiles(BlobDirectory, "*", SearchOption.AllDirectories)
            : [];

    public async Task<List<BlobEntry>> ListAsync()
    {
        var entries = new List<BlobEntry>();
        await foreach (var entry in Store.ListAsync(CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public void Dispose()
    {
        if (FileSystem is not MockFileSystem && Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
