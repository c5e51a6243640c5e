using Registry.Core.Packages;

namespace Registry.Core.Storage;

/// <summary>A file to record, with the package it belongs to (created if it does not exist).</summary>
public sealed record NewPackageFile
{
    /// <summary>The package's coordinate (normalized name and version).</summary>
    public required PackageCoordinate Coordinate { get; init; }
    /// <summary>Name as published (kept when the package is created).</summary>
    public required string Name { get; init; }
    /// <summary>Version as published (kept when the package is created).</summary>
    public required string Version { get; init; }
    /// <summary>The status to give the package.</summary>
    public PackageStatus Status { get; init; } = PackageStatus.Default;
    /// <summary>Format-specific metadata as JSON (replaces the package's when not null).</summary>
    public string? Metadata { get; init; }
    /// <summary>
    /// When set, replaces <see cref="Metadata"/>: the package's metadata becomes this function of the stored metadata (null
    /// for a new package), read and written in the transaction that records the file, under the store's lock. It may run
    /// more than once (a retried transaction), so it must be a pure function.
    /// </summary>
    public Func<string?, string?>? MergeMetadata { get; init; }
    /// <summary>The file's name.</summary>
    public required string FileName { get; init; }
    /// <summary>The stored bytes.</summary>
    public required BlobDescriptor Blob { get; init; }
    /// <summary>What to do when the package or file exists already.</summary>
    public DuplicateRule Duplicates { get; init; }
    /// <summary>The CI job that published it, if any (the last five are kept).</summary>
    public BuildInfo? Build { get; init; }
    /// <summary>
    /// The claim on <see cref="Blob"/> from <see cref="IPackageStore.ClaimBlobAsync"/>, released when the file is recorded;
    /// when garbage collection has dropped it (the publish outlived the grace period), the blob may be gone, so nothing is
    /// recorded and <see cref="IPackageStore.TryAddFileAsync"/> throws <see cref="InvalidOperationException"/>. Null
    /// records without a claim, for callers that commit no blob.
    /// </summary>
    public long? BlobClaim { get; init; }
    /// <summary>
    /// The top-level group's quota, or null when none applies: the store checks it in the transaction that records the
    /// file, under the group's lock, and throws <see cref="Usage.PackageQuotaExceededException"/> (rolling back) when the
    /// file or its new package would go over it.
    /// </summary>
    public Usage.PublishQuota? Quota { get; init; }

    /// <summary>The time of the publish.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
