using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Options;
using Registry.Core.Storage;
using Registry.Storage.FileSystem;

namespace Registry.Storage;

/// <summary>Chooses where the registry keeps package bytes: on disk, or in memory for tests.</summary>
public static class FileSystemRegistryBuilderExtensions
{
    /// <summary>The root of the in-memory store registered by <see cref="UseInMemoryBlobs"/>.</summary>
    public const string InMemoryRootPath = "/blobs";

    private const string BlobsDirectoryName = "blobs";

    /// <summary>
    /// Stores blobs on the local file system, as <see cref="FileSystemBlobStore"/>, which replaces any blob store
    /// chosen before. <see cref="IFileSystem"/> is the real file system unless the host registered another.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <param name="rootPath">The blob root; by default <c>blobs</c> under <see cref="PackageRegistryOptions.DataPath"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static PackageRegistryBuilder UseFileSystemBlobs(this PackageRegistryBuilder builder, string? rootPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddFileSystem(builder.Services);
        return builder.UseBlobStore(services => CreateStore(services, rootPath));
    }

    /// <summary>Registers what <see cref="CreateStore"/> needs.</summary>
    internal static void AddFileSystem(IServiceCollection services)
    {
        services.AddOptions();
        services.TryAddSingleton<IFileSystem, System.IO.Abstractions.FileSystem>();
    }

    /// <summary>The file system store at <paramref name="rootPath"/>, or at <c>blobs</c> under the data path.</summary>
    internal static FileSystemBlobStore CreateStore(IServiceProvider services, string? rootPath)
    {
        var fileSystem = services.GetRequiredService<IFileSystem>();

        // Resolved late, from options, so that DataPath set by configuration or by the host both count.
        var root = rootPath ?? fileSystem.Path.Combine(
            services.GetRequiredService<IOptions<PackageRegistryOptions>>().Value.DataPath, BlobsDirectoryName);
        return new FileSystemBlobStore(fileSystem, root, services.GetService<TimeProvider>());
    }

    /// <summary>
    /// Stores blobs in memory, in a <see cref="FileSystemBlobStore"/> over its own <see cref="MockFileSystem"/>
    /// rooted at <see cref="InMemoryRootPath"/>, for test harnesses; replaces any blob store chosen before.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// The mock file system is private to the store rather than registered as <see cref="IFileSystem"/>, so that
    /// nothing else in the host (an SQLite database file, say) is moved into memory by accident.
    /// </remarks>
    public static PackageRegistryBuilder UseInMemoryBlobs(this PackageRegistryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBlobStore(services =>
            new FileSystemBlobStore(new MockFileSystem(), InMemoryRootPath, services.GetService<TimeProvider>()));
    }

    private static PackageRegistryBuilder UseBlobStore(
        this PackageRegistryBuilder builder, Func<IServiceProvider, FileSystemBlobStore> factory)
    {
        // Registered under its own type as well, so that maintenance (the temp file sweep) can reach it.
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBlobStore>(
            services => services.GetRequiredService<FileSystemBlobStore>()));
        return builder;
    }
}
