using Registry.Formats.Protocol;

namespace Registry.Formats.Helm;

/// <summary>Settings of the Helm format, bound from <c>PackageRegistry:Helm</c>.</summary>
public sealed class HelmOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Helm";

    /// <summary>
    /// The largest chart archive accepted (<c>PackageRegistry:Helm:MaxFileSizeBytes</c>); GitLab's default
    /// <c>helm_max_file_size</c> is 5 MiB. A larger upload answers 413.
    /// </summary>
    public long MaxFileSizeBytes { get; set; } = 5L * 1024 * 1024;

    /// <summary>
    /// The most bytes a chart archive may hold once decompressed (<c>PackageRegistry:Helm:MaxUncompressedBytes</c>), so
    /// that a gzip bomb is refused before Helm extracts it. Helm itself refuses charts above 100 MiB decompressed.
    /// </summary>
    public long MaxUncompressedBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The largest <c>Chart.yaml</c> read (<c>PackageRegistry:Helm:MaxChartYamlBytes</c>); GitLab refused above 1 MiB.</summary>
    public int MaxChartYamlBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest provenance file (<c>.prov</c>) accepted beside a chart (<c>PackageRegistry:Helm:MaxProvenanceBytes</c>).</summary>
    public int MaxProvenanceBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// The most chart versions one channel's <c>index.yaml</c> lists, newest first (<c>PackageRegistry:Helm:MaxIndexPackages</c>);
    /// GitLab's <c>Packages::Helm::PackagesFinder</c> stops at 1,000.
    /// </summary>
    public int MaxIndexPackages { get; set; } = 1000;

    /// <summary>
    /// Bounds on the upload's structure (<c>PackageRegistry:Helm:Limits</c>): compression ratio, multipart parts and part headers. See <see cref="UploadLimits"/>.
    /// </summary>
    public UploadLimits Limits { get; set; } = new();
}
