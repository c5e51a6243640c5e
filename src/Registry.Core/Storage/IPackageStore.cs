using Registry.Core.Packages;
using Registry.Core.Updating;

namespace Registry.Core.Storage;

/// <summary>
/// The package catalog: packages, files and build info in a relational database.
/// Uniqueness of (project, type, normalized name, normalized version) is a database constraint, and
/// every write is one transaction.
/// </summary>
public interface IPackageStore
{
    /// <summary>
    /// Records a file, creating its package when needed, in one transaction that applies
    /// <see cref="NewPackageFile.Duplicates"/> race-free (concurrent publishers see one winner).
    /// </summary>
    Task<AddFileResult> TryAddFileAsync(NewPackageFile file, CancellationToken cancellationToken);

    /// <summary>A package by coordinate, unless it is pending destruction.</summary>
    Task<Package?> FindPackageOrNullAsync(PackageCoordinate coordinate, CancellationToken cancellationToken);

    /// <summary>A package of a project by id, unless it is pending destruction.</summary>
    Task<Package?> FindPackageByIdOrNullAsync(long projectId, long packageId, CancellationToken cancellationToken);

    /// <summary>Every version of a package name in a project, unless pending destruction; oldest first.</summary>
    Task<IReadOnlyList<Package>> ListVersionsAsync(long projectId, PackageType type, string normalizedName, CancellationToken cancellationToken);

    /// <summary>
    /// What <see cref="ListVersionsAsync"/> returns, in its order, without reading the metadata (<see cref="VersionSummary"/>):
    /// a document that keeps each version's rendered part (an npm packument of 10,000 versions) tells from these which
    /// versions changed since it rendered them and reads only those in full. Stores override the default (which reads
    /// every version) with a query that reads no metadata.
    /// </summary>
    async Task<IReadOnlyList<VersionSummary>> ListVersionSummariesAsync(long projectId, PackageType type, string normalizedName, CancellationToken cancellationToken)
    {
        var versions = await ListVersionsAsync(projectId, type, normalizedName, cancellationToken).ConfigureAwait(false);
        return [.. versions.Select(p => new VersionSummary(p with { Metadata = null }, p.Metadata is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(p.Metadata)))];
    }

    /// <summary>
    /// The projects holding a live package of a type and normalized name (of that normalized version, when one is given),
    /// each once, ordered by their oldest such package (creation time, then id), at most <paramref name="limit"/>: for
    /// instance-level lookups (Maven), which find the candidates by name before asking whether the caller may read them.
    /// Counting projects rather than packages keeps one project's many versions from pushing another out of the limit.
    /// </summary>
    Task<IReadOnlyList<long>> ListProjectsHoldingAsync(PackageType type, string normalizedName, string? normalizedVersion, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// A fingerprint of what <see cref="ListVersionsAsync"/> would return, or null when the name has no live version.
    /// It changes with every publish, delete, tag, deprecation or unlisting, so documents rendered from the versions
    /// can be cached per package and revalidated against the database on each request, which keeps them correct when
    /// several hosts share one database. Stores override the default (which reads every version) with a query that
    /// reads no metadata.
    /// </summary>
    async Task<string?> FindVersionsFingerprintOrNullAsync(long projectId, PackageType type, string normalizedName, CancellationToken cancellationToken)
    {
        var versions = await ListVersionsAsync(projectId, type, normalizedName, cancellationToken).ConfigureAwait(false);
        using var fingerprint = new VersionsFingerprint();
        foreach (var package in versions)
        {
            var files = await ListFilesAsync(package.Id, cancellationToken).ConfigureAwait(false);
            fingerprint.Add(
                package.Id,
                package.UpdatedAt.ToUnixTimeMilliseconds(),
                (int)package.Status,
                string.Join(',', package.Tags),
                package.Metadata is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(package.Metadata),
                files.Count,
                files.Count == 0 ? 0 : files.Max(f => f.Id));
        }

        return fingerprint.ToStringOrNull();
    }

    /// <summary>The package's files, unless pending destruction; oldest first.</summary>
    Task<IReadOnlyList<PackageFile>> ListFilesAsync(long packageId, CancellationToken cancellationToken);

    /// <summary>The newest file of that name in the package, unless pending destruction.</summary>
    Task<PackageFile?> FindNewestFileOrNullAsync(long packageId, string fileName, CancellationToken cancellationToken);

    /// <summary>The package's recorded build infos, newest first (at most five).</summary>
    Task<IReadOnlyList<BuildInfo>> ListBuildInfosAsync(long packageId, CancellationToken cancellationToken);

    /// <summary>
    /// The build infos of several packages (a page of a listing), as <see cref="ListBuildInfosAsync(long, CancellationToken)"/>
    /// returns them for each; packages without any are absent. Stores override the default (one call per package) with one query.
    /// </summary>
    async Task<IReadOnlyDictionary<long, IReadOnlyList<BuildInfo>>> ListBuildInfosByPackageAsync(IReadOnlyCollection<long> packageIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packageIds);
        var byPackage = new Dictionary<long, IReadOnlyList<BuildInfo>>();
        foreach (var packageId in packageIds.Distinct())
        {
            var builds = await ListBuildInfosAsync(packageId, cancellationToken).ConfigureAwait(false);
            if (builds.Count > 0)
            {
                byPackage[packageId] = builds;
            }
        }

        return byPackage;
    }

    /// <summary>A page of packages.</summary>
    Task<PackagePage> QueryAsync(PackageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Rewrites one live version's metadata from its current value (<see cref="PackageChanges.SetMetadata"/>) in one
    /// transaction, leaving status and tags as they are: for format data that accumulates (NuGet's symbol list), which a
    /// read-then-write would lose to a concurrent writer or use to undo an unlist.
    /// <paramref name="change"/> may run more than once (a retried transaction), so it must be a pure function.
    /// </summary>
    Task<PackageUpdateResult> UpdateMetadataAsync(PackageCoordinate coordinate, Func<string?, string?> change, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Points <paramref name="tags"/> at the version <paramref name="target"/> and takes them off every other live version
    /// of that name in its project, as <see cref="PackageChanges.MoveTags"/> says, in one transaction that holds the
    /// versions' rows from read to write: concurrent moves of one tag leave it on exactly one version.
    /// </summary>
    Task<PackageUpdateResult> MoveTagsAsync(PackageCoordinate target, IReadOnlyList<string> tags, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>Takes <paramref name="tag"/> off the live versions of a name that hold it (<see cref="PackageChanges.RemoveTag"/>), in one transaction.</summary>
    Task<PackageUpdateResult> RemoveTagAsync(long projectId, PackageType type, string normalizedName, string tag, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>Lists or unlists one live version by its status alone (<see cref="PackageChanges.SetListed"/>), in one transaction.</summary>
    Task<PackageUpdateResult> SetListedAsync(PackageCoordinate coordinate, bool listed, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Sets or clears the deprecation of the live versions of a name keyed by normalized version
    /// (<see cref="PackageChanges.SetDeprecation"/>), status and metadata together, in one transaction.
    /// </summary>
    Task<PackageUpdateResult> SetDeprecationAsync(long projectId, PackageType type, string normalizedName, IReadOnlyDictionary<string, string?> messagesByNormalizedVersion, DateTimeOffset updatedAt, CancellationToken cancellationToken);

    /// <summary>Marks a package pending destruction at once; false when there is no such live package.</summary>
    Task<bool> MarkPackagePendingDestructionAsync(long projectId, long packageId, CancellationToken cancellationToken);

    /// <summary>Marks one file pending destruction; false when there is no such live file in that package.</summary>
    Task<bool> MarkFilePendingDestructionAsync(long packageId, long fileId, CancellationToken cancellationToken);

    /// <summary>
    /// Records each package's last download time (package id to time), in one transaction, skipping every package whose
    /// recorded time is less than <paramref name="interval"/> older (another host recorded it meanwhile), so the hosts
    /// sharing a database write a package's time at most once per interval between them. Packages that no longer exist
    /// are skipped. The write must not change what cached reads depend on (no revision change, no cache invalidation):
    /// it runs in the background (<see cref="Reading.DownloadRecorder"/>), never on a request.
    /// </summary>
    Task RecordDownloadsAsync(IReadOnlyDictionary<long, DateTimeOffset> downloads, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>
    /// The recorded last download time of each of <paramref name="packageIds"/> that has one, read afresh: it changes
    /// without a revision change (see <see cref="RecordDownloadsAsync"/>), so it is never answered from a read cache.
    /// </summary>
    Task<IReadOnlyDictionary<long, DateTimeOffset>> ListLastDownloadsAsync(IReadOnlyCollection<long> packageIds, CancellationToken cancellationToken);

    /// <summary>
    /// Removes rows pending destruction and returns the blob keys that no remaining row refers to;
    /// the garbage collector deletes those blobs.
    /// </summary>
    Task<IReadOnlyList<string>> PurgePendingDestructionAsync(CancellationToken cancellationToken);

    /// <summary>Whether any file row refers to the blob.</summary>
    Task<bool> IsBlobReferencedAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Records, before a publish commits its blob, that it will refer to the blob <paramref name="key"/>: until the claim
    /// is older than the collector's cutoff, <see cref="TryCollectBlobAsync"/> leaves the blob alone. Pass the returned id
    /// as <see cref="NewPackageFile.BlobClaim"/>; recording the file releases the claim. Serialized with collection of
    /// the same key, so a claim either comes after a collection (and the publish's commit writes the blob again) or
    /// stops it.
    /// </summary>
    /// <returns>The claim's id.</returns>
    Task<long> ClaimBlobAsync(string key, DateTimeOffset claimedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the blob <paramref name="key"/> through <paramref name="deleteBlob"/> when no file row refers to it and
    /// no claim newer than <paramref name="claimCutoff"/> holds it, under the same lock as <see cref="ClaimBlobAsync"/>
    /// and <see cref="TryAddFileAsync"/> take on the key, and drops the key's older claims in the same transaction (so a
    /// publish that held one learns, when it records its file, that its blob is gone). True when it was deleted.
    /// </summary>
    Task<bool> TryCollectBlobAsync(string key, DateTimeOffset claimCutoff, Func<CancellationToken, Task> deleteBlob, CancellationToken cancellationToken);

    /// <summary>Drops claims older than <paramref name="claimCutoff"/>: those of publishes that died before committing a blob.</summary>
    Task DropExpiredBlobClaimsAsync(DateTimeOffset claimCutoff, CancellationToken cancellationToken);
}
