using Registry.Formats.Protocol;

namespace Registry.Formats.Maven;

/// <summary>Settings of the Maven format, bound from <c>PackageRegistry:Maven</c>.</summary>
public sealed class MavenOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Maven";

    /// <summary>The largest file accepted (<c>PackageRegistry:Maven:MaxFileSizeBytes</c>); GitLab's default is 3 GiB.</summary>
    public long MaxFileSizeBytes { get; set; } = 3L * 1024 * 1024 * 1024;

    /// <summary>
    /// Whether a release file may be deployed again (<c>PackageRegistry:Maven:DuplicatesAllowed</c>, GitLab's
    /// <c>maven_duplicates_allowed</c>, on by default as in GitLab); downloads then answer the newest. When false, deploying
    /// a file a release already has answers 400 "Duplicate package is not allowed". SNAPSHOTs may always be re-deployed.
    /// A top-level group's <c>maven_duplicates_allowed</c> and <c>maven_duplicate_exception_regex</c> settings override it.
    /// </summary>
    public bool DuplicatesAllowed { get; set; } = true;

    /// <summary>
    /// Bounds on the upload's structure (<c>PackageRegistry:Maven:Limits</c>): XML depth and element count of POMs and maven-metadata.xml. See <see cref="UploadLimits"/>.
    /// </summary>
    public UploadLimits Limits { get; set; } = new();
}
