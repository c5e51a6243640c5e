using Registry.Formats.Protocol;

namespace Registry.Formats.PyPI;

/// <summary>Settings of the PyPI format, bound from <c>PackageRegistry:PyPI</c>.</summary>
public sealed class PyPIOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:PyPI";

    /// <summary>The largest distribution file accepted (<c>PackageRegistry:PyPI:MaxFileSizeBytes</c>); GitLab's default is 3 GiB.</summary>
    public long MaxFileSizeBytes { get; set; } = 3L * 1024 * 1024 * 1024;

    /// <summary>
    /// The largest total uncompressed size a wheel or sdist may declare (<c>PackageRegistry:PyPI:MaxUncompressedBytes</c>),
    /// so that an archive bomb is refused before clients extract it.
    /// </summary>
    public long MaxUncompressedBytes { get; set; } = 8L * 1024 * 1024 * 1024;

    /// <summary>
    /// Whether a file name may be uploaded again to the same release (<c>PackageRegistry:PyPI:DuplicatesAllowed</c>,
    /// GitLab's <c>pypi_duplicates_allowed</c>); downloads then answer the newest. When false (the default, as on PyPI,
    /// where files are immutable) a second upload answers 400 "File already exists", which <c>twine --skip-existing</c> skips.
    /// A top-level group's <c>pypi_duplicates_allowed</c> and <c>pypi_duplicate_exception_regex</c> (the package
    /// settings API) take precedence.
    /// </summary>
    public bool DuplicatesAllowed { get; set; }

    /// <summary>
    /// Bounds on the upload's structure (<c>PackageRegistry:PyPI:Limits</c>): archive entries, compression ratio, multipart parts and part headers. See <see cref="UploadLimits"/>.
    /// </summary>
    public UploadLimits Limits { get; set; } = new();
}
