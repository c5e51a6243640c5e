namespace Registry.Formats.Go;

/// <summary>Settings of the Go module proxy, bound from <c>PackageRegistry:Go</c>.</summary>
public sealed class GoOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Go";

    /// <summary>
    /// The largest module zip accepted, both as uploaded and as its files' total uncompressed size
    /// (<c>PackageRegistry:Go:MaxZipBytes</c>); 500 MiB by default, the go command's own limit
    /// (golang.org/x/mod/zip <c>MaxZipFile</c>), so nothing is accepted that go would refuse to download.
    /// </summary>
    public long MaxZipBytes { get; set; } = 500L * 1024 * 1024;

    /// <summary>
    /// The most files a module zip may hold (<c>PackageRegistry:Go:MaxZipEntries</c>), checked from the zip's end record
    /// before its directory is read, so the directory's size in memory stays bounded.
    /// </summary>
    public int MaxZipEntries { get; set; } = 100_000;
}
