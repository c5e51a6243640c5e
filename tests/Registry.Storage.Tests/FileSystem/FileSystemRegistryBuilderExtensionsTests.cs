using System.IO.Abstractions;
using System.IO.Abstractions.TestingHelpers;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Options;
using Registry.Core.Storage;
using Registry.Storage.FileSystem;
using Registry.Testing;

namespace Registry.Storage.Tests.FileSystem;

public sealed class FileSystemRegistryBuilderExtensionsTests
{
    [Fact]
    public void File_system_blobs_default_to_the_data_path()
    {
        var services = new ServiceCollection();
        var dataPath = Path.Combine(Path.GetTempPath(), "registry-data");

        NewBuilder(services).UseFileSystemBlobs();
        services.AddSingleton(Options.Create(new PackageRegistryOptions { DataPath = dataPath }));

        var resolver = new Resolver(services);
        var store = resolver.Get<IBlobStore>().Should().BeOfType<FileSystemBlobStore>().Subject;
        store.RootPath.Should().Be(Path.Combine(dataPath, "blobs"));
        store.FileSystem.Should().BeOfType<System.IO.Abstractions.FileSystem>();
        resolver.Get<FileSystemBlobStore>().Should().BeSameAs(store);
    }

    [Fact]
    public void File_system_blobs_honour_an_explicit_root_and_a_registered_file_system()
    {
        var services = new ServiceCollection();
        var fileSystem = new MockFileSystem();
        services.AddSingleton<IFileSystem>(fileSystem);

        NewBuilder(services).UseFileSystemBlobs("/somewhere/else");

        var store = (FileSystemBlobStore)new Resolver(services).Get<IBlobStore>();
        store.RootPath.Should().Be(fileSystem.Path.GetFullPath("/somewhere/else"));
        store.FileSystem.Should().BeSameAs(fileSystem);
    }

    [Fact]
    public async Task In_memory_blobs_work_without_touching_the_disk_and_replace_an_earlier_choice()
    {
        var services = new ServiceCollection();

        NewBuilder(services).UseFileSystemBlobs().UseInMemoryBlobs();

        services.Where(d => d.ServiceType == typeof(IBlobStore)).Should().ContainSingle();
        services.Should().NotContain(d => d.ServiceType == typeof(IFileSystem) && d.ImplementationType == typeof(MockFileSystem));
        var store = (FileSystemBlobStore)new Resolver(services).Get<IBlobStore>();
        store.FileSystem.Should().BeOfType<MockFileSystem>();

        var content = new byte[] { 1, 2, 3 };
        await using (var writer = await store.CreateWriterAsync(CancellationToken.None))
        {
            await writer.Content.WriteAsync(content);
            await writer.CommitAsync(BlobStoreHarness.KeyOf(content), CancellationToken.None);
        }

        (await store.ExistsAsync(BlobStoreHarness.KeyOf(content), CancellationToken.None)).Should().BeTrue();
    }

    private static PackageRegistryBuilder NewBuilder(IServiceCollection services) =>
        // Core's constructor is internal and AddPackageRegistry belongs to another package.
        (PackageRegistryBuilder)Activator.CreateInstance(
            typeof(PackageRegistryBuilder),
            BindingFlags.Instance | BindingFlags.NonPublic,
            binder: null,
            args: [services],
            culture: null)!;

    /// <summary>Just enough of a container to run the registered factories: the last closed registration wins.</summary>
    private sealed class Resolver(IServiceCollection services) : IServiceProvider
    {
        private readonly Dictionary<Type, object> _singletons = [];

        public T Get<T>() where T : notnull => (T)GetService(typeof(T))!;

        public object? GetService(Type serviceType)
        {
            if (_singletons.TryGetValue(serviceType, out var existing))
            {
                return existing;
            }

            var descriptor = services.LastOrDefault(d => d.ServiceType == serviceType);
            if (descriptor is null)
            {
                return null;
            }

            var instance = descriptor.ImplementationInstance
                ?? descriptor.ImplementationFactory?.Invoke(this)
                ?? Activator.CreateInstance(descriptor.ImplementationType!)!;
            _singletons[serviceType] = instance;
            return instance;
        }
    }
}
