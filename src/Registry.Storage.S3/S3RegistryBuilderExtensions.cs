using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Storage;
using Registry.Storage;
using Registry.Storage.S3;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Stores the registry's blobs in an S3 bucket.</summary>
public static class S3RegistryBuilderExtensions
{
    /// <summary>
    /// Stores blobs in the bucket that <c>PackageRegistry:Blobs:S3</c> describes (see <see cref="S3BlobOptions"/>),
    /// validated at start, as <see cref="S3BlobStore"/>; replaces any blob store chosen before.
    /// </summary>
    /// <param name="builder">The registry builder.</param>
    /// <param name="configure">Changes applied after configuration binding.</param>
    /// <returns>The builder, for chaining.</returns>
    public static PackageRegistryBuilder UseS3Blobs(this PackageRegistryBuilder builder, Action<S3BlobOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddValidatedOptions<S3BlobOptions, S3BlobOptionsValidator>(S3BlobOptions.SectionName);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.Replace(ServiceDescriptor.Singleton(services => S3BlobStore.Create(
            services.GetRequiredService<IOptions<S3BlobOptions>>().Value, services.GetService<TimeProvider>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IBlobStore>(services => services.GetRequiredService<S3BlobStore>()));

        // A store that would not give back the bytes written stops the host at start, naming the setting.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, S3StartupProbe>());
        return builder;
    }
}
