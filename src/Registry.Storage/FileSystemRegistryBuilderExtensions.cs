using System.IO.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Options;
using Registry.Core.Storage;
using Registry.Storage;
using Registry.Storage.FileSystem;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Chooses where the registry keeps package bytes: on the local file system, or on one the host supplies.</summary>
public static class FileSystemRegistryBuilderExtensions
{
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
        if (rootPath is null)
        {
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PackageRegistryOptions>, DataPathValidation>());
        }

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
    /// Stores blobs under <paramref name="rootPath"/> of <paramref name="fileSystem"/>, as a
    /// <see cref="FileSystemBlobStore"/> that replaces any blob store chosen before. Registry.Testing's
    /// <c>UseInMemoryBlobs()</c> passes a <c>MockFileSystem</c> here.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <param name="fileSystem">The file system, private to the store; the registered <see cref="IFileSystem"/> is not used.</param>
    /// <param name="rootPath">The blob root on <paramref name="fileSystem"/>.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>
    /// The file system is the store's own rather than registered as <see cref="IFileSystem"/>, so that nothing else in
    /// the host (an SQLite database file, say) moves onto it by accident.
    /// </remarks>
    public static PackageRegistryBuilder UseFileSystemBlobs(this PackageRegistryBuilder builder, IFileSystem fileSystem, string rootPath)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentException.ThrowIfNullOrWhiteSpace(rootPath);
        return builder.UseBlobStore(services => new FileSystemBlobStore(fileSystem, rootPath, services.GetService<TimeProvider>()));
    }

    private static PackageRegistryBuilder UseBlobStore(
        this PackageRegistryBuilder builder, Func<IServiceProvider, FileSystemBlobStore> factory)
    {
        // Registered under its own type as well, so that maintenance (the temp file sweep) can reach it.
        builder.Services.Replace(ServiceDescriptor.Singleton(factory));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBlobStore>(
            services => services.GetRequiredService<FileSystemBlobStore>()));

        // Uploads a killed process left in tmp/ are removed at start-up and then periodically; see TempFileSweeper.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TempFileSweeper>());
        return builder;
    }
}
