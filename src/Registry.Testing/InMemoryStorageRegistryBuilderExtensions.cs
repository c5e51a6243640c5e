using System.IO.Abstractions.TestingHelpers;
using Registry.Core;
using Registry.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Keeps a registry's storage in memory, so a host app's test suite starts a whole registry in-process and throws it
/// away. For tests only: this package brings the mock file system, which no production host should depend on.
/// </summary>
public static class InMemoryStorageRegistryBuilderExtensions
{
    /// <summary>The root of the in-memory store registered by <see cref="UseInMemoryBlobs"/>.</summary>
    public const string InMemoryRootPath = "/blobs";

    /// <summary>
    /// Stores blobs in memory, in a <c>FileSystemBlobStore</c> over its own <see cref="MockFileSystem"/> rooted at
    /// <see cref="InMemoryRootPath"/>; replaces any blob store chosen before.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// The mock file system is private to the store rather than registered as <c>IFileSystem</c>, so that nothing else
    /// in the host (an SQLite database file, say) is moved into memory by accident.
    /// </remarks>
    public static PackageRegistryBuilder UseInMemoryBlobs(this PackageRegistryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseFileSystemBlobs(new MockFileSystem(), InMemoryRootPath);
    }

    /// <summary>
    /// Keeps metadata and blobs in memory for the host's lifetime (<c>UseInMemorySqlite()</c> and
    /// <see cref="UseInMemoryBlobs"/>); replaces storage registered before, so a test can call it on a host that is
    /// already configured.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// Storage only: a test that creates users, projects or tokens also calls <c>UseEmbeddedDirectory()</c> (unless the
    /// host under test already does, or brings its own directory).
    /// </remarks>
    public static PackageRegistryBuilder UseInMemoryStorage(this PackageRegistryBuilder builder) =>
        builder.UseInMemorySqlite().UseInMemoryBlobs();
}
