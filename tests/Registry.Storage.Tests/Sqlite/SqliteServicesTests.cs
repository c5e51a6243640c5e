using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registry.Core;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.Relational;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteServicesTests
{
    private sealed class HostDirectory : IProjectDirectory, ICredentialValidator
    {
        public Task<Project?> FindProjectOrNullAsync(string idOrFullPath, CancellationToken cancellationToken) => Task.FromResult<Project?>(null);

        public Task<Group?> FindGroupOrNullAsync(string idOrFullPath, CancellationToken cancellationToken) => Task.FromResult<Group?>(null);

        public Task<IReadOnlyList<Project>> ListGroupProjectsAsync(long groupId, bool excludeSubgroups, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Project>>([]);

        public Task<AccessLevel> GetAccessLevelAsync(long userId, Project project, CancellationToken cancellationToken) => Task.FromResult(AccessLevel.None);

        public Task<bool> IsJobTokenAllowedAsync(long targetProjectId, long sourceProjectId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<RegistryPrincipal?> ValidateOrNullAsync(string token, CancellationToken cancellationToken) => Task.FromResult<RegistryPrincipal?>(null);
    }

    [Fact]
    public void The_metadata_database_alone_registers_no_directory()
    {
        var services = new ServiceCollection();

        services.AddPackageRegistry().UseInMemorySqlite();

        // A host that brings its own users must not get directory routes writing to tables authorization never reads.
        services.Should().NotContain(d => d.ServiceType == typeof(IProjectDirectory));
        services.Should().NotContain(d => d.ServiceType == typeof(ICredentialValidator));
        services.Should().NotContain(d => d.ServiceType == typeof(IDirectoryAdministration));
    }

    [Fact]
    public void A_host_directory_is_left_alone_by_the_metadata_database()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IProjectDirectory, HostDirectory>();
        services.AddSingleton<ICredentialValidator, HostDirectory>();

        services.AddPackageRegistry().UseInMemorySqlite();

        services.Where(d => d.ServiceType == typeof(IProjectDirectory)).Should().ContainSingle()
            .Which.ImplementationType.Should().Be<HostDirectory>();
        services.Where(d => d.ServiceType == typeof(ICredentialValidator)).Should().ContainSingle()
            .Which.ImplementationType.Should().Be<HostDirectory>();
        services.Should().NotContain(d => d.ServiceType == typeof(IDirectoryAdministration));
    }

    [Fact]
    public async Task The_embedded_directory_serves_reads_credentials_and_administration_from_one_store()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IProjectDirectory, HostDirectory>();

        // Before the database on purpose: the directory finds it when resolved.
        services.AddPackageRegistry().UseEmbeddedDirectory().UseInMemorySqlite();

        await using var provider = services.BuildServiceProvider();
        var administration = provider.GetRequiredService<IDirectoryAdministration>();
        provider.GetRequiredService<IProjectDirectory>().Should().BeSameAs(administration);
        provider.GetRequiredService<ICredentialValidator>().Should().BeSameAs(administration);
        (await administration.TryCreateUserAsync("u", "U", isAdmin: false, CancellationToken.None)).Should().NotBeNull();
    }

    [Fact]
    public void The_embedded_directory_without_a_database_names_the_fix()
    {
        var services = new ServiceCollection();
        services.AddPackageRegistry().UseEmbeddedDirectory();

        using var provider = services.BuildServiceProvider();
        var resolve = () => provider.GetRequiredService<IProjectDirectory>();

        resolve.Should().Throw<InvalidOperationException>().WithMessage("*UseSqlite()*");
    }

    [Fact]
    public void Registering_twice_leaves_one_of_each()
    {
        var services = new ServiceCollection();

        services.AddPackageRegistry().UseInMemorySqlite().UseEmbeddedDirectory();
        services.AddPackageRegistry().UseInMemorySqlite().UseEmbeddedDirectory();

        foreach (var type in new[] { typeof(IPackageStore), typeof(IPackageSettingsStore), typeof(IProjectDirectory), typeof(IDirectoryAdministration), typeof(ICredentialValidator), typeof(RelationalDatabase) })
        {
            services.Where(d => d.ServiceType == type).Should().ContainSingle(type.Name);
        }

        services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Namespace == typeof(RelationalDatabase).Namespace).Should().ContainSingle();
    }

    [Fact]
    public void In_memory_names_are_unique()
    {
        SqliteRegistryBuilderExtensions.InMemoryConnectionString().Should().NotBe(SqliteRegistryBuilderExtensions.InMemoryConnectionString());
    }
}
