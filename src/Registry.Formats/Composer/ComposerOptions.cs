using Registry.Formats.Protocol;

namespace Registry.Formats.Composer;

/// <summary>Settings of the Composer format, bound from <c>PackageRegistry:Composer</c>.</summary>
public sealed class ComposerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Composer";

    /// <summary>The largest package archive accepted (<c>PackageRegistry:Composer:MaxFileSizeBytes</c>), 500 MiB by default.</summary>
    public long MaxFileSizeBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>
    /// The largest total uncompressed size an archive may declare (<c>PackageRegistry:Composer:MaxUncompressedBytes</c>),
    /// so that a zip bomb is refused before Composer extracts it.
    /// </summary>
    public long MaxUncompressedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The most entries an archive may hold (<c>PackageRegistry:Composer:MaxArchiveEntries</c>).</summary>
    public int MaxArchiveEntries { get; set; } = 100_000;

    /// <summary>
    /// Bounds on the upload's structure (<c>PackageRegistry:Composer:Limits</c>): multipart parts and part headers. See <see cref="UploadLimits"/>.
    /// </summary>
    public UploadLimits Limits { get; set; } = new();
}
