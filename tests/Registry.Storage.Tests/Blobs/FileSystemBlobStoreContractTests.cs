using Registry.Core.Storage;
using Registry.Storage.FileSystem;

namespace Registry.Storage.Tests.Blobs;

/// <summary>The blob store contract on the local file system, in a temporary directory.</summary>
public sealed class FileSystemBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "registry-blob-contract-" + Guid.NewGuid().ToString("N"));

    protected override Task<IBlobStore> CreateStoreAsync() =>
        Task.FromResult<IBlobStore>(new FileSystemBlobStore(new System.IO.Abstractions.FileSystem(), _root));

    protected override Task<int> CountLeftoversAsync(IBlobStore store)
    {
        var temp = Path.Combine(_root, "tmp");
        return Task.FromResult(Directory.Exists(temp) ? Directory.GetFiles(temp).Length : 0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
