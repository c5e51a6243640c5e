namespace Registry.Sample;

/// <summary>Which blob store the sample host uses: <c>PackageRegistry:Blobs:Provider</c>.</summary>
internal sealed class BlobStorageOptions
{
    public const string SectionName = "PackageRegistry:Blobs";
    public const string FileSystem = "FileSystem";
    public const string S3 = "S3";

    /// <summary><see cref="FileSystem"/> (the default) or <see cref="S3"/>.</summary>
    public string Provider { get; set; } = FileSystem;

    public bool IsS3 => string.Equals(Provider, S3, StringComparison.OrdinalIgnoreCase);
}
