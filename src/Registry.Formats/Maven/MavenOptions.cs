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
    /// </summary>
    public bool DuplicatesAllowed { get; set; } = true;

    /// <summary>
    /// When duplicates are not allowed, packages whose name (<c>group/path/artifactId</c>) or version matches this .NET
    /// regular expression may be re-deployed anyway (<c>PackageRegistry:Maven:DuplicateExceptionRegex</c>, GitLab's
    /// <c>maven_duplicate_exception_regex</c>). Empty for no exception.
    /// </summary>
    public string DuplicateExceptionRegex { get; set; } = string.Empty;
}
