using System.Text.RegularExpressions;
using Registry.Core.Packages;

namespace Registry.Core.Cleanup;

/// <summary>
/// Decides, for one package (every live version of one type and name), what a <see cref="CleanupPolicy"/> deletes, as
/// its remarks describe. A pure function of the versions, their files and the clock, so a dry run and the run after it
/// agree on unchanged data.
/// </summary>
internal sealed class CleanupPlanner
{
    private readonly CleanupPolicy _policy;
    private readonly DateTimeOffset? _removeBefore;
    private readonly Regex? _keep;
    private readonly Regex? _remove;

    public CleanupPlanner(CleanupPolicy policy, DateTimeOffset now)
    {
        _policy = policy;
        _removeBefore = policy.RemoveOlderThanDays is { } days ? now.AddDays(-days) : null;
        _keep = policy.KeepVersionPattern is { Length: > 0 } keep ? CleanupVersionPattern.Compile(keep) : null;
        _remove = policy.RemoveVersionPattern is { Length: > 0 } remove ? CleanupVersionPattern.Compile(remove) : null;
    }

    /// <summary>The versions of one package the policy deletes whole; the rest stay.</summary>
    /// <param name="versions">Every live version of the package.</param>
    /// <param name="isProtected">Whether a protection rule keeps a version from deletion.</param>
    public IReadOnlyList<Package> VersionsToDelete(IReadOnlyList<Package> versions, Func<Package, bool> isProtected)
    {
        if (!_policy.HasVersionRules || versions.Count == 0)
        {
            return [];
        }

        var newestFirst = versions.OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).ToList();
        var latest = newestFirst.FirstOrDefault(v => v.Status != PackageStatus.Processing);
        var deleted = new List<Package>();
        for (var i = 0; i < newestFirst.Count; i++)
        {
            var version = newestFirst[i];
            if (i < (_policy.KeepNVersions ?? 0)
                || ReferenceEquals(version, latest)
                || version.Tags.Count > 0
                || version.Status == PackageStatus.Processing
                || (_removeBefore is { } cutoff && version.CreatedAt >= cutoff)
                || (_remove is not null && CleanupVersionPattern.MatchOrNull(_remove, version.Version) != true)
                || (_keep is not null && CleanupVersionPattern.MatchOrNull(_keep, version.Version) != false)
                || isProtected(version))
            {
                continue;
            }

            deleted.Add(version);
        }

        return deleted;
    }

    /// <summary>The files of a version that stays which the duplicate rule deletes: per file name, all but the newest N.</summary>
    public IReadOnlyList<PackageFile> DuplicateFilesToDelete(IReadOnlyList<PackageFile> files)
    {
        if (_policy.KeepNDuplicatedPackageFiles is not { } keep)
        {
            return [];
        }

        return files
            .GroupBy(f => f.FileName, StringComparer.Ordinal)
            .SelectMany(g => g.OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id).Skip(keep))
            .OrderBy(f => f.Id)
            .ToList();
    }
}
