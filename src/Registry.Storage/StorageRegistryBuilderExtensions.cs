using Registry.Core;

namespace Registry.Storage;

/// <summary>The embedded storage in one call: SQLite metadata and file-system blobs.</summary>
public static class StorageRegistryBuilderExtensions
{
    /// <summary>
    /// Keeps everything under <c>PackageRegistry:DataPath</c>: the SQLite database in <c>registry.db</c> and blobs
    /// under <c>blobs/</c>. The default for a single host.
    /// </summary>
    public static PackageRegistryBuilder UseLocalStorage(this PackageRegistryBuilder builder) =>
        builder.UseSqlite().UseFileSystemBlobs();

    /// <summary>
    /// Keeps everything in memory for the host's lifetime (an in-memory SQLite database and a mock file system),
    /// so a test suite starts a whole registry in-process and throws it away. Replaces storage registered before.
    /// </summary>
    public static PackageRegistryBuilder UseInMemoryStorage(this PackageRegistryBuilder builder) =>
        builder.UseInMemorySqlite().UseInMemoryBlobs();
}
