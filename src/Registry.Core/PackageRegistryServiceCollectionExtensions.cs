using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registry.Core;
using Registry.Core.Audit;
using Registry.Core.Cleanup;
using Registry.Core.Deleting;
using Registry.Core.Locating;
using Registry.Core.Options;
using Registry.Core.Protection;
using Registry.Core.Publishing;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Updating;
using Registry.Core.Usage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the package registry to a host's services.</summary>
public static class PackageRegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the registry's use cases and options, bound from the <c>PackageRegistry</c> configuration section and
    /// validated at start. Chain a storage provider and formats on the returned builder:
    /// <code>services.AddPackageRegistry().UseLocalStorage().UseEmbeddedDirectory().AddGeneric();</code>
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Changes applied after configuration binding.</param>
    /// <remarks>Calling it again returns a builder over the same registrations, so a test can swap storage on a configured host.</remarks>
    public static PackageRegistryBuilder AddPackageRegistry(this IServiceCollection services, Action<PackageRegistryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new PackageRegistryBuilder(services);
        if (configure is not null)
        {
            services.PostConfigure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(PackageRegistryBuilder.Marker)))
        {
            // Called again (a test harness swapping storage on a host that already added the registry): extend, don't duplicate.
            return builder;
        }

        services.AddSingleton<PackageRegistryBuilder.Marker>();
        builder.AddValidatedOptions<PackageRegistryOptions, PackageRegistryOptionsValidator>(PackageRegistryOptions.SectionName);
        builder.AddValidatedOptions<CleanupOptions, CleanupOptionsValidator>(CleanupOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RegistryMetrics>();
        services.TryAddSingleton<ProjectAccessService>();
        services.TryAddSingleton<PackageLocator>();
        services.TryAddSingleton<PackagePublisher>();
        services.TryAddSingleton<PackageReader>();
        services.TryAddSingleton<DownloadRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<DownloadRecorder>());
        services.TryAddSingleton<PackageDeleter>();
        services.TryAddSingleton<PackageTagger>();
        services.TryAddSingleton<PackageUnlister>();
        services.TryAddSingleton<PackageDeprecator>();
        services.TryAddSingleton<PackageMetadataUpdater>();
        services.TryAddSingleton<DuplicatePolicy>();
        services.TryAddSingleton<PackageProtection>();
        services.TryAddSingleton<PackageProtectionRules>();
        services.TryAddSingleton<IRegistryAuditSink, LoggingRegistryAuditSink>();
        services.TryAddSingleton<RegistryAudit>();
        services.TryAddSingleton<PackageQuotas>();
        services.TryAddSingleton<BlobGarbageCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<BlobGarbageCollector>());
        services.TryAddSingleton<CleanupPolicies>();
        services.TryAddSingleton<PackageCleaner>();
        services.TryAddSingleton<CleanupService>();
        services.AddHostedService(sp => sp.GetRequiredService<CleanupService>());
        return builder;
    }
}
