using System.Text.RegularExpressions;

namespace Registry.Formats.PyPI;

/// <summary>Settings of the PyPI format, bound from <c>PackageRegistry:PyPI</c>.</summary>
public sealed class PyPIOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:PyPI";

    /// <summary>How long the duplicate exception pattern may run on one name or version before it counts as no match.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

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
    /// </summary>
    public bool DuplicatesAllowed { get; set; }

    /// <summary>
    /// A .NET regular expression (<c>PackageRegistry:PyPI:DuplicateExceptionRegex</c>, GitLab's
    /// <c>pypi_duplicate_exception_regex</c>): names or versions it matches get the opposite of
    /// <see cref="DuplicatesAllowed"/>. Empty for none. Matching is bounded by a timeout; a timeout counts as no match.
    /// </summary>
    public string DuplicateExceptionRegex { get; set; } = string.Empty;

    /// <summary>Whether a file of this release may be uploaded again under the same name.</summary>
    internal bool AllowsDuplicate(string name, string version)
    {
        if (string.IsNullOrEmpty(DuplicateExceptionRegex))
        {
            return DuplicatesAllowed;
        }

        try
        {
            var exception = new Regex(DuplicateExceptionRegex, RegexOptions.CultureInvariant, RegexTimeout);
            return exception.IsMatch(name) || exception.IsMatch(version) ? !DuplicatesAllowed : DuplicatesAllowed;
        }
        catch (RegexMatchTimeoutException)
        {
            return DuplicatesAllowed;
        }
    }
}
