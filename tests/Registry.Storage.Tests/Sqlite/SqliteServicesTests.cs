using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage.Relational;
using Registry.Storage.Sqlite;

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
    public void A_host_directory_registered_before_wins()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IProjectDirectory, HostDirectory>();
        services.AddSingleton<ICredentialValidator, HostDirectory>();

        RelationalServices.Register(services, _ => new SqliteDatabase(SqliteRegistryBuilderExtensions.InMemoryConnectionString(), TimeProvider.System));

        services.Where(d => d.ServiceType == typeof(IProjectDirectory)).Should().ContainSingle()
            .Which.ImplementationType.Should().Be<HostDirectory>();
        services.Where(d => d.ServiceType == typeof(ICredentialValidator)).Should().ContainSingle()
            .Which.ImplementationType.Should().Be<HostDirectory>();
        services.Should().ContainSingle(d => d.ServiceType == typeof(IDirectoryAdministration));
    }

    [Fact]
    public void Registering_twice_leaves_one_of_each()
    {
        var services = new ServiceCollection();

        RelationalServices.Register(services, _ => new SqliteDatabase(SqliteRegistryBuilderExtensions.InMemoryConnectionString(), TimeProvider.System));
        RelationalServices.Register(services, _ => new SqliteDatabase(SqliteRegistryBuilderExtensions.InMemoryConnectionString(), TimeProvider.System));

        foreach (var type in new[] { typeof(IPackageStore), typeof(IProjectDirectory), typeof(IDirectoryAdministration), typeof(ICredentialValidator), typeof(RelationalDatabase) })
        {
            services.Where(d => d.ServiceType == type).Should().ContainSingle(type.Name);
        }

        services.Where(d => d.ServiceType == typeof(IHostedService)).Should().ContainSingle();
        services.Should().OnlyContain(d => d.Lifetime == ServiceLifetime.Singleton || d.ServiceType.Namespace!.StartsWith("Microsoft.Extensions.Options", StringComparison.Ordinal));
    }

    [Fact]
    public void In_memory_names_are_unique()
    {
        SqliteRegistryBuilderExtensions.InMemoryConnectionString().Should().NotBe(SqliteRegistryBuilderExtensions.InMemoryConnectionString());
    }
}
