namespace Registry.Core.Usage;

/// <summary>
/// The package storage of a project or of a group's projects, per format and in total. Packages and files pending
/// destruction are not counted: they are invisible at once and their bytes go at the next garbage collection.
/// </summary>
/// <param name="Formats">Per package type, ordered by type name; types with no package are absent.</param>
/// <param name="Packages">Live package versions in total.</param>
/// <param name="Files">Live files in total.</param>
/// <param name="Bytes">The files' sizes added up: GitLab's <c>statistics.packages_size</c>.</param>
/// <param name="DeduplicatedBytes">
/// The bytes the blob store holds for them: each distinct content (SHA-256) once, however many files, versions or
/// projects share it.
/// </param>
public sealed record PackageUsage(IReadOnlyList<FormatUsage> Formats, long Packages, long Files, long Bytes, long DeduplicatedBytes)
{
    /// <summary>No package at all.</summary>
    public static PackageUsage Empty { get; } = new([], 0, 0, 0, 0);
}
