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
}
