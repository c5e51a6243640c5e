using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Registry.Core.Directory;
using Registry.Core.Options;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Storage;
using Registry.Storage.Tests.Metadata;

namespace Registry.Core.Tests.UseCases;

/// <summary>
/// A registry's use cases over real stores (in-memory SQLite and mock file-system blobs), with a fake clock and one
/// private project whose developer acts. Storage is chosen in <see cref="AddStorage"/> alone, so moving
/// <c>UseInMemoryStorage</c> to a testing package costs one line here.
/// </summary>
internal sealed class RegistryHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    private RegistryHarness(ServiceProvider services, FakeTimeProvider time, Project project, RegistryPrincipal developer)
    {
        _services = services;
        Time = time;
        Project = project;
        Developer = developer;
    }

    public FakeTimeProvider Time { get; }

    public Project Project { get; }

    public RegistryPrincipal Developer { get; }

    public IPackageStore Store => Get<IPackageStore>();

    public IBlobStore Blobs => Get<IBlobStore>();

    /// <param name="configure">Changes the options.</param>
    /// <param name="decorateStore">Wraps the real package store (to observe or block some of its calls).</param>
    public static async Task<RegistryHarness> CreateAsync(Action<PackageRegistryOptions>? configure = null, Func<IPackageStore, IPackageStore>? decorateStore = null)
    {
        var time = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<TimeProvider>(time);
        AddStorage(services.AddPackageRegistry(configure));
        if (decorateStore is not null)
        {
            var real = services.Last(d => d.ServiceType == typeof(IPackageStore));
            services.Remove(real);
            services.AddSingleton(sp => decorateStore(real.ImplementationFactory?.Invoke(sp) as IPackageStore
                ?? real.ImplementationInstance as IPackageStore
                ?? (IPackageStore)ActivatorUtilities.CreateInstance(sp, real.ImplementationType ?? throw new InvalidOperationException("no store"))));
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var directory = provider.GetRequiredService<IDirectoryAdministration>();
        var user = await directory.TryCreateUserAsync("dev", "Developer", isAdmin: false, default) ?? throw new InvalidOperationException("user");
        var group = await directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default) ?? throw new InvalidOperationException("group");
        var project = await directory.TryCreateProjectAsync("App", "app", group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default)
            ?? throw new InvalidOperationException("project");
        await directory.SetProjectMemberAsync(project.Id, user.Id, AccessLevel.Maintainer, default);
        var developer = new RegistryPrincipal { Kind = PrincipalKind.User, UserId = user.Id, DisplayName = user.Username, Scopes = TokenScopes.Api };
        return new RegistryHarness(provider, time, project, developer);
    }

    /// <summary>The only storage line: replaced by the testing package's registration when it moves there.</summary>
    private static void AddStorage(PackageRegistryBuilder builder) => builder.UseInMemoryStorage().UseEmbeddedDirectory();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The project as the permission check hands it to a use case, allowed <paramref name="action"/>.</summary>
    public AuthorizedProject Authorized(PackageAction action) => new(Project, Developer, action, new HashSet<PackageAction> { action });

    /// <summary>Publishes one generic file through the real use case.</summary>
    public Task<PublishResult> PublishAsync(string name, string version, string content = "content", PublishRequest? request = null, PackageType? type = null)
    {
        var publish = request ?? new PublishRequest
        {
            Type = type ?? TestTypes.Generic,
            Name = name,
            Version = version,
            FileName = $"{name}-{version}.bin",
            MaxBytes = 1024,
        };
        return Get<PackagePublisher>().PublishAsync(Authorized(PackageAction.Publish), publish, new MemoryStream(Encoding.UTF8.GetBytes(content)), default);
    }

    public async Task<List<BlobEntry>> ListBlobsAsync()
    {
        var blobs = new List<BlobEntry>();
        await foreach (var blob in Blobs.ListAsync(default))
        {
            blobs.Add(blob);
        }

        return blobs;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
