namespace Registry.Formats.Terraform;

/// <summary>Settings of the Terraform module registry, bound from <c>PackageRegistry:Terraform</c>.</summary>
public sealed class TerraformOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Terraform";

    /// <summary>The largest module archive accepted (<c>PackageRegistry:Terraform:MaxFileSizeBytes</c>); GitLab's default <c>terraform_module_max_file_size</c> is 1 GiB.</summary>
    public long MaxFileSizeBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The most bytes an archive may unpack to (<c>PackageRegistry:Terraform:MaxUncompressedBytes</c>), against archive bombs.</summary>
    public long MaxUncompressedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The most entries an archive may hold (<c>PackageRegistry:Terraform:MaxEntries</c>).</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>
    /// Whether a module name may be published in more than one project of a top-level group where the group stored no
    /// rule (<c>PackageRegistry:Terraform:DuplicatesAllowed</c>; GitLab's <c>terraform_module_duplicates_allowed</c>, false by
    /// default). A version already in the project is refused whatever this says, as on GitLab.
    /// </summary>
    public bool DuplicatesAllowed { get; set; }
}
