using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Registry.Core;
using Registry.Core.Bootstrap;
using Registry.Core.Directory;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Seeds the first administrator, token, group and project of a registry.</summary>
public static class RegistryBootstrapRegistryBuilderExtensions
{
    /// <summary>
    /// At every start, applies <c>PackageRegistry:Bootstrap</c> (<see cref="RegistryBootstrapOptions"/>) before the server
    /// accepts requests: creates the administrator, registers or generates their token and creates the group and
    /// project, where missing. Idempotent. Needs <c>UseEmbeddedDirectory()</c> (a directory that can create users).
    /// <see cref="RegistryBootstrapper"/> is registered too, for hosts that seed from their own code.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <param name="configure">Changes applied after configuration binding (defaults a host wants, such as a token file).</param>
    public static PackageRegistryBuilder BootstrapOnStart(this PackageRegistryBuilder builder, Action<RegistryBootstrapOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<RegistryBootstrapOptions, RegistryBootstrapOptionsValidator>(RegistryBootstrapOptions.SectionName);
        if (configure is not null)
        {
            builder.Services.PostConfigure(configure);
        }

        builder.Services.TryAddSingleton(static services => new RegistryBootstrapper(
            services.GetService<IDirectoryAdministration>()
                ?? throw new InvalidOperationException("BootstrapOnStart() needs a directory that can create users: add UseEmbeddedDirectory() to AddPackageRegistry()."),
            services.GetRequiredService<IProjectDirectory>()));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RegistryBootstrapHostedService>());
        return builder;
    }
}
