using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Audit;
using Registry.Core.Health;
using Registry.Formats;
using Registry.Formats.Hosting;
using Registry.Formats.Protocol;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what every format's HTTP handlers share.</summary>
public static class RegistryHttpServiceCollectionExtensions
{
    /// <summary>
    /// The tag of the registry's health checks (metadata store, blob store): what a readiness probe filters on, e.g.
    /// <c>app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(RegistryHttpServiceCollectionExtensions.ReadyTag) })</c>.
    /// </summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Registers a format and, once, the registry's authentication scheme, its health checks of the metadata and blob
    /// stores (<see cref="ReadyTag"/>), its rate limits (<see cref="RateLimitOptions"/>, off by default) and Kestrel's
    /// refusal of a <c>Content-Length</c> that is not all digits. Formats call this from their
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

            // The host maps them where it likes (app.MapHealthChecks("/health/ready", ...)); tagged so a liveness probe can leave them out.
            services.AddHealthChecks()
                .AddCheck<MetadataStoreHealthCheck>("registry-metadata", tags: [ReadyTag])
                .AddCheck<BlobStoreHealthCheck>("registry-blobs", tags: [ReadyTag]);
            builder.AddValidatedOptions<DownloadOffloadOptions, DownloadOffloadOptionsValidator>(DownloadOffloadOptions.SectionName);

            // Audit events say where a change came from.
            services.AddHttpContextAccessor();
            services.TryAddSingleton<IRegistryRequestOrigin, HttpRequestOrigin>();

            // Off unless PackageRegistry:RateLimits:Enabled; the endpoint guard applies them, so the host calls nothing.
            builder.AddValidatedOptions<RateLimitOptions, RateLimitOptionsValidator>(RateLimitOptions.SectionName);
            services.TryAddSingleton<RegistryRateLimiter>();

            // Kestrel takes a signed Content-Length (+5); this makes it refuse one, for the whole host.
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, StrictContentLengthSetup>());
        }

        services.TryAddSingleton<DocumentCache>();
        services.TryAddSingleton<DocumentFragmentCache>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPackageFormat, TFormat>());
        return builder;
    }
}
