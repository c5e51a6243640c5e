using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Registry.Core.Bootstrap;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Core.Tests.Bootstrap;

/// <summary>
/// <c>BootstrapOnStart()</c> and <see cref="RegistryBootstrapper"/>: a host outside the sample seeds its first
/// administrator, token, group and project from <c>PackageRegistry:Bootstrap</c>, and a second start changes nothing.
/// </summary>
public sealed class RegistryBootstrapTests : IDisposable
{
    private const string KnownToken = "glpat-bootstrap-known-token-0123";
    private readonly string _dataPath = System.IO.Directory.CreateTempSubdirectory("registry-bootstrap-").FullName;

    public void Dispose() => System.IO.Directory.Delete(_dataPath, recursive: true);

    [Fact]
    public async Task Starting_twice_creates_the_admin_group_project_and_one_generated_token_once()
    {
        await using var services = Build(new()
        {
            ["PackageRegistry:Bootstrap:GeneratedTokenFile"] = "admin-token",
            ["PackageRegistry:Bootstrap:Group"] = "platform",
            ["PackageRegistry:Bootstrap:Project"] = "packages",
        });

        await StartAsync(services);
        var tokenFile = Path.Combine(_dataPath, "admin-token");
        var token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        await StartAsync(services);

        (await File.ReadAllTextAsync(tokenFile)).Trim().Should().Be(token, "while the file exists no other token is issued");
        var validator = services.GetRequiredService<ICredentialValidator>();
        var principal = await validator.ValidateOrNullAsync(token, default);
        principal.Should().NotBeNull();
        var directory = services.GetRequiredService<IDirectoryAdministration>();
        (await directory.ListGroupsAsync(default)).Select(g => g.FullPath).Should().Equal("platform");
        (await directory.ListProjectsAsync(default)).Select(p => p.FullPath).Should().Equal("platform/packages");
        var admin = await directory.FindUserOrNullAsync("admin", default);
        admin.Should().NotBeNull();
        admin?.IsAdmin.Should().BeTrue();
        (await directory.ListMembershipsAsync(admin?.Id ?? 0, default)).Should().ContainSingle(m => m.AccessLevel == AccessLevel.Owner);
    }

    [Fact]
    public async Task A_known_token_is_registered_at_every_start_and_nothing_is_written()
    {
        await using var services = Build(new()
        {
            ["PackageRegistry:Bootstrap:AdminToken"] = KnownToken,
            ["PackageRegistry:Bootstrap:GeneratedTokenFile"] = "admin-token",
        });

        await StartAsync(services);
        await StartAsync(services);

        File.Exists(Path.Combine(_dataPath, "admin-token")).Should().BeFalse();
        var principal = await services.GetRequiredService<ICredentialValidator>().ValidateOrNullAsync(KnownToken, default);
        principal?.IsAdmin.Should().BeTrue();
        (await services.GetRequiredService<IDirectoryAdministration>().ListGroupsAsync(default)).Should().BeEmpty("no group was asked for");
    }

    [Fact]
    public async Task The_api_call_seeds_without_a_hosted_service()
    {
        await using var services = Build([]);
        var bootstrapper = services.GetRequiredService<RegistryBootstrapper>();

        var first = await bootstrapper.BootstrapAsync(new RegistryBootstrapOptions { AdminUsername = "root", Group = "g", Project = "p" }, generateToken: true, default);
        var second = await bootstrapper.BootstrapAsync(new RegistryBootstrapOptions { AdminUsername = "root", Group = "g", Project = "p" }, generateToken: false, default);

        first.GeneratedToken.Should().NotBeNull();
        second.GeneratedToken.Should().BeNull();
        second.Admin.Id.Should().Be(first.Admin.Id);
        second.Group?.Id.Should().Be(first.Group?.Id);
        second.Project?.Id.Should().Be(first.Project?.Id);
    }

    [Fact]
    public async Task An_existing_user_who_is_not_an_administrator_is_refused_by_name()
    {
        await using var services = Build(new() { ["PackageRegistry:Bootstrap:AdminUsername"] = "dev" });
        await services.GetRequiredService<IDirectoryAdministration>().TryCreateUserAsync("dev", "Developer", isAdmin: false, default);

        var start = () => StartAsync(services);

        (await start.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*PackageRegistry:Bootstrap:AdminUsername*not an administrator*");
    }

    [Theory]
    [InlineData("PackageRegistry:Bootstrap:AdminUsername", "-bad", "PackageRegistry:Bootstrap:AdminUsername must be a username")]
    [InlineData("PackageRegistry:Bootstrap:AdminToken", "short", "PackageRegistry:Bootstrap:AdminToken must be between 20")]
    [InlineData("PackageRegistry:Bootstrap:Project", "app", "PackageRegistry:Bootstrap:Project needs PackageRegistry:Bootstrap:Group")]
    [InlineData("PackageRegistry:Bootstrap:Group", "a/b", "PackageRegistry:Bootstrap:Group must be a path")]
    public async Task A_wrong_setting_fails_at_start_naming_its_key(string key, string value, string message)
    {
        await using var services = Build(new() { [key] = value });

        var read = () => services.GetRequiredService<IOptions<RegistryBootstrapOptions>>().Value;

        read.Should().Throw<OptionsValidationException>().WithMessage($"*{message}*");
    }

    [Fact]
    public async Task Without_a_directory_that_creates_users_the_error_names_the_fix()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        collection.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        collection.AddSingleton<IProjectDirectory>(new EmptyDirectory());
        collection.AddPackageRegistry().BootstrapOnStart();
        await using var services = collection.BuildServiceProvider();

        var resolve = () => services.GetRequiredService<RegistryBootstrapper>();

        resolve.Should().Throw<InvalidOperationException>().WithMessage("*UseEmbeddedDirectory()*");
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["PackageRegistry:DataPath"] = _dataPath;
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        collection.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        collection.AddPackageRegistry().UseInMemoryStorage().UseEmbeddedDirectory().BootstrapOnStart();
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static async Task StartAsync(IServiceProvider services)
    {
        var bootstrap = services.GetServices<IHostedService>().Single(s => s.GetType().Name == "RegistryBootstrapHostedService");
        await bootstrap.StartAsync(default);
    }

    private sealed class EmptyDirectory : IProjectDirectory
    {
        public Task<Project?> FindProjectOrNullAsync(string idOrFullPath, CancellationToken cancellationToken) => Task.FromResult<Project?>(null);

        public Task<Group?> FindGroupOrNullAsync(string idOrFullPath, CancellationToken cancellationToken) => Task.FromResult<Group?>(null);

        public Task<IReadOnlyList<Project>> ListGroupProjectsAsync(long groupId, bool excludeSubgroups, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<Project>>([]);

        public Task<AccessLevel> GetAccessLevelAsync(long userId, Project project, CancellationToken cancellationToken) => Task.FromResult(AccessLevel.None);

        public Task<bool> IsJobTokenAllowedAsync(long targetProjectId, long sourceProjectId, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
