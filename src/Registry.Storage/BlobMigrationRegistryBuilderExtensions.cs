using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Registry.Core;
using Registry.Core.Storage;
using Registry.Storage;
using Registry.Storage.Migration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Moves a registry's blobs from the local file system into the blob store chosen before, without downtime.</summary>
public static class BlobMigrationRegistryBuilderExtensions
{
    /// <summary>
    /// Wraps the blob store chosen before (<c>UseS3Blobs()</c>, say) in a <see cref="MigratingBlobStore"/> whose source is
    /// the local file system store: new blobs go to the chosen store, reads fall back to local blobs not yet moved. Also
    /// registers the <see cref="BlobStoreMigrator"/> that moves them. Harmless once everything has moved: a read then
    /// falls back only for a blob that exists nowhere.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <param name="rootPath">The local blob root; by default <c>blobs</c> under <c>PackageRegistry:DataPath</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static PackageRegistryBuilder MigrateBlobsFromFileSystem(this PackageRegistryBuilder builder, string? rootPath = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var destination = builder.Services.LastOrDefault(d => d.ServiceType == typeof(IBlobStore) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("Choose the blob store to migrate to (UseS3Blobs(), ...) before MigrateBlobsFromFileSystem().");
        FileSystemRegistryBuilderExtensions.AddFileSystem(builder.Services);
        builder.Services.Replace(ServiceDescriptor.Singleton(services => new MigratingBlobStore(
            FileSystemRegistryBuilderExtensions.CreateStore(services, rootPath),
            Resolve(destination, services))));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBlobStore>(services => services.GetRequiredService<MigratingBlobStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton(services =>
        {
            var store = services.GetRequiredService<MigratingBlobStore>();
            return new BlobStoreMigrator(store.Source, store.Destination, services.GetRequiredService<ILogger<BlobStoreMigrator>>());
        }));
        return builder;
    }

    private static IBlobStore Resolve(ServiceDescriptor descriptor, IServiceProvider services) =>
        (IBlobStore)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType ?? typeof(IBlobStore)));
}
