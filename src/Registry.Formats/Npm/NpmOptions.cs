using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>Settings of the npm format, bound from <c>PackageRegistry:Npm</c>.</summary>
public sealed class NpmOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Npm";

    /// <summary>
    /// The largest publish document accepted, in bytes (<c>PackageRegistry:Npm:MaxDocumentSizeBytes</c>); the tarball
    /// travels base64-encoded inside it. Larger documents answer 413 and nothing is stored.
    /// </summary>
    public long MaxDocumentSizeBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// The largest part of a publish document other than the tarball's base64 data, in bytes
    /// (<c>PackageRegistry:Npm:MaxMetadataSizeBytes</c>): the manifest is held in memory while the tarball streams to
    /// storage. Larger answer 413 and nothing is stored.
    /// </summary>
    public int MaxMetadataSizeBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The most bytes a tarball may decompress to (<c>PackageRegistry:Npm:MaxUncompressedBytes</c>), enforced while it
    /// is read, so a gzip bomb answers 413 and is not stored; npm itself sets no limit.
    /// </summary>
    public long MaxUncompressedBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Bounds on the upload's structure (<c>PackageRegistry:Npm:Limits</c>): JSON depth and property count of the publish document, tarball compression ratio. See <see cref="UploadLimits"/>.
    /// </summary>
    public UploadLimits Limits { get; set; } = new();
}
