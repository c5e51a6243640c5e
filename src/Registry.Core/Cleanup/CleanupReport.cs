namespace Registry.Core.Cleanup;

/// <summary>What a cleanup run deleted, or, for a dry run, what it would delete.</summary>
/// <param name="DryRun">Whether nothing was deleted.</param>
/// <param name="Versions">The versions deleted whole.</param>
/// <param name="Files">The duplicate files deleted from versions that stay.</param>
public sealed record CleanupReport(bool DryRun, IReadOnlyList<CleanupVersion> Versions, IReadOnlyList<CleanupFile> Files)
{
    /// <summary>The packages (type and name) that lost a version or a file.</summary>
    public int PackageCount =>
        Versions.Select(v => (v.Package.Type, v.Package.NormalizedName))
            .Concat(Files.Select(f => (f.Package.Type, f.Package.NormalizedName)))
            .Distinct()
            .Count();

    /// <summary>The files deleted: those of the deleted versions and the duplicates.</summary>
    public int FileCount => Versions.Sum(v => v.FileCount) + Files.Count;

    /// <summary>
    /// The bytes of those files. A blob that another live file shares (identical bytes) stays in storage, so the space
    /// the blob store gets back can be less.
    /// </summary>
    public long BytesFreed => Versions.Sum(v => v.Size) + Files.Sum(f => f.File.Size);
}
