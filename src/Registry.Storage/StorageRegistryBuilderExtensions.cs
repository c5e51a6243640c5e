using Registry.Core;
using Registry.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The embedded storage in one call: SQLite metadata and file-system blobs.</summary>
public static class StorageRegistryBuilderExtensions
{
    /// <summary>
    /// Keeps everything under <c>PackageRegistry:DataPath</c>: the SQLite database in <c>registry.db</c> and blobs
    /// under <c>blobs/</c>. The default for a single host. Add <c>UseEmbeddedDirectory()</c> to keep users, groups,
    /// projects and tokens in the same database; in-memory storage for tests is in the Registry.Testing package.
    /// </summary>
    public static PackageRegistryBuilder UseLocalStorage(this PackageRegistryBuilder builder) =>
        builder.UseSqlite().UseFileSystemBlobs();
}
