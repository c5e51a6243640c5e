using Registry.Core;
using Registry.Storage;
using Registry.Storage.S3;

namespace Registry.Sample;

/// <summary>Chooses the blob store from configuration (<c>PackageRegistry:Blobs:Provider</c>).</summary>
internal static class BlobStorageRegistryBuilderExtensions
{
    /// <summary>
    /// Keeps the file system store chosen before, or with <c>Provider=S3</c> stores blobs in the bucket of
    /// <c>PackageRegistry:Blobs:S3</c>, falling back to local blobs not yet moved by <c>storage migrate</c>.
    /// </summary>
    public static PackageRegistryBuilder UseConfiguredBlobs(this PackageRegistryBuilder builder, IConfiguration configuration)
    {
        builder.AddValidatedOptions<BlobStorageOptions, BlobStorageOptionsValidator>(BlobStorageOptions.SectionName);
        var options = configuration.GetSection(BlobStorageOptions.SectionName).Get<BlobStorageOptions>() ?? new BlobStorageOptions();
        return options.IsS3 ? builder.UseS3Blobs().MigrateBlobsFromFileSystem() : builder;
    }
}
