namespace Registry.Core.Packages;

/// <summary>One version of one package in one project, as GitLab models it.</summary>
public sealed record Package
{
    /// <summary>Database id.</summary>
    public required long Id { get; init; }
    /// <summary>Owning project id.</summary>
    public required long ProjectId { get; init; }
    /// <summary>Format name (<see cref="PackageType.Name"/>).</summary>
    public required string Type { get; init; }
    /// <summary>Name as first published.</summary>
    public required string Name { get; init; }
    /// <summary>Name after the type's normalization.</summary>
    public required string NormalizedName { get; init; }
    /// <summary>Version as first published.</summary>
    public required string Version { get; init; }
    /// <summary>Version after the type's normalization.</summary>
    public required string NormalizedVersion { get; init; }
    /// <summary>Lifecycle state.</summary>
    public required PackageStatus Status { get; init; }
    /// <summary>Tags (npm dist-tags, ...).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
    /// <summary>Format-specific metadata as JSON, or null.</summary>
    public string? Metadata { get; init; }
    /// <summary>When it was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>
    /// When a file of it was last downloaded, where a reader asked for it (<see cref="Storage.IPackageStore.ListLastDownloadsAsync"/>);
    /// null on packages loaded otherwise: the time is recorded in the background without moving the revision that guards
    /// cached packages, so a cached package could only carry a stale one.
    /// </summary>
    public DateTimeOffset? LastDownloadedAt { get; init; }
}
