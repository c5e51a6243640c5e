using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registry.Core;
using Registry.Formats.Hosting;
using Registry.Formats.Protocol;

namespace Registry.Formats;

/// <summary>Registers what every format's HTTP handlers share.</summary>
public static class RegistryHttpServiceCollectionExtensions
{
    /// <summary>
    /// Registers a format and, once, the registry's authentication scheme. Formats call this from their
    /// <c>Add*</c> extension; hosts adding a format of their own can too.
    /// </summary>
    public static PackageRegistryBuilder AddFormat<TFormat>(this PackageRegistryBuilder builder)
        where TFormat : class, IPackageFormat
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(RegistryAuthenticationHandler)))
        {
            services.AddTransient<RegistryAuthenticationHandler>();
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, RegistryAuthenticationHandler>(RegistryAuthenticationDefaults.AuthenticationScheme, null);
        }

        services.TryAddSingleton<DocumentCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPackageFormat, TFormat>());
        return builder;
    }
}
