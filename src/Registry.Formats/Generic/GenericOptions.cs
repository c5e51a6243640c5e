namespace Registry.Formats.Generic;

/// <summary>Settings of the generic format, bound from <c>PackageRegistry:Generic</c>.</summary>
public sealed class GenericOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Generic";

    /// <summary>The largest file accepted (<c>PackageRegistry:Generic:MaxFileSizeBytes</c>); GitLab's default is 5 GiB.</summary>
    public long MaxFileSizeBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>
    /// Whether a file name may be uploaded again to the same package version (<c>PackageRegistry:Generic:DuplicatesAllowed</c>,
    /// GitLab's <c>generic_duplicates_allowed</c>); downloads answer the newest. When false, a second upload answers 403.
    /// </summary>
    public bool DuplicatesAllowed { get; set; } = true;
}
