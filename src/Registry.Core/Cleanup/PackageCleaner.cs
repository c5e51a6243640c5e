using Microsoft.Extensions.Logging;
using Registry.Core.Deleting;
using Registry.Core.Packages;
using Registry.Core.Protection;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Core.Cleanup;

/// <summary>
/// Runs a project's cleanup policy (<see cref="CleanupPolicy"/> says how its rules combine): works out what it deletes
/// with <see cref="CleanupPlanner"/>, then deletes it through <see cref="PackageDeleter"/>, one version or file per
/// transaction, which marks it pending destruction; <see cref="BlobGarbageCollector"/> removes the rows and the bytes no
/// row or in-flight publish refers to. A dry run answers the same list without deleting.
/// </summary>
public sealed partial class PackageCleaner
{
    private const int PageSize = 100;
    private readonly Audit.RegistryAudit _audit;
    private static readonly PackageStatus?[] ListedStatuses = [null, PackageStatus.Hidden, PackageStatus.Error];

    private readonly IPackageStore _packages;
    private readonly IPackageProtectionStore _protection;
    private readonly ICleanupPolicyStore _policies;
    private readonly PackageDeleter _deleter;
    private readonly TimeProvider _time;
    private readonly ILogger<PackageCleaner> _logger;

    /// <summary>Creates the use case.</summary>
    public PackageCleaner(IPackageStore packages, IPackageProtectionStore protection, ICleanupPolicyStore policies, PackageDeleter deleter, TimeProvider time, ILogger<PackageCleaner> logger, Audit.RegistryAudit audit)
    {
        _audit = audit;
        _packages = packages;
        _protection = protection;
        _policies = policies;
        _deleter = deleter;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs the project's stored policy now for a Maintainer (<see cref="PackageAction.ManageSettings"/>).</summary>
    /// <param name="project">The project, authorized for <see cref="PackageAction.ManageSettings"/>.</param>
    /// <param name="dryRun">List what would be deleted, delete nothing.</param>
    /// <param name="cancellationToken">Stops the run between deletions.</param>
    public async Task<CleanupReport> RunAsync(AuthorizedProject project, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Require(PackageAction.ManageSettings);
        var policy = await _policies.FindOrNullAsync(project.Project.Id, cancellationToken).ConfigureAwait(false)
            ?? CleanupPolicy.Default(project.Project.Id);
        var report = await RunAsync(policy, dryRun, cancellationToken).ConfigureAwait(false);
        if (!dryRun)
        {
            // The versions and files themselves are listed in the run's answer; the event says who ran it and how much went.
            await _audit.RecordAsync(Audit.RegistryAuditActions.CleanupPolicyRun, project.Principal, e => e with
            {
                ProjectId = project.Project.Id,
                Size = report.BytesFreed,
                Details = $"versions={report.Versions.Count} files={report.FileCount}",
            }).ConfigureAwait(false);
        }

        return report;
    }

    /// <summary>Runs <paramref name="policy"/> on its project: the background service's entry, which has no caller.</summary>
    internal async Task<CleanupReport> RunAsync(CleanupPolicy policy, bool dryRun, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(policy, cancellationToken).ConfigureAwait(false);
        if (dryRun || (plan.Versions.Count == 0 && plan.Files.Count == 0))
        {
            return plan;
        }

        // Each deletion is its own transaction: one that lost a race (deleted meanwhile) is left out of the answer.
        var versions = new List<CleanupVersion>();
        foreach (var version in plan.Versions)
        {
            // A tag moved onto the version since the plan (npm dist-tag add) keeps it, as it would have in the plan.
            var current = await _packages.FindPackageByIdOrNullAsync(policy.ProjectId, version.Package.Id, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Tags.Count > 0)
            {
                continue;
            }

            if (await _deleter.DeletePackageByPolicyAsync(policy.ProjectId, version.Package.Id, cancellationToken).ConfigureAwait(false))
            {
                versions.Add(version);
            }
        }

        var files = new List<CleanupFile>();
        foreach (var file in plan.Files)
        {
            if (await _deleter.DeleteFileByPolicyAsync(file.Package.Id, file.File.Id, cancellationToken).ConfigureAwait(false))
            {
                files.Add(file);
            }
        }

        var report = new CleanupReport(false, versions, files);
        LogRan(_logger, policy.ProjectId, report.Versions.Count, report.FileCount, report.BytesFreed);
        return report;
    }

    private async Task<CleanupReport> PlanAsync(CleanupPolicy policy, CancellationToken cancellationToken)
    {
        if (!policy.HasRules)
        {
            return new CleanupReport(true, [], []);
        }

        var planner = new CleanupPlanner(policy, _time.GetUtcNow());
        var rules = (await _protection.ListAsync(policy.ProjectId, cancellationToken).ConfigureAwait(false))
            .Where(r => r.MinimumAccessLevelForDelete is not null)
            .ToList();
        var versions = new List<CleanupVersion>();
        var files = new List<CleanupFile>();
        foreach (var (type, normalizedName) in await ListPackageNamesAsync(policy.ProjectId, cancellationToken).ConfigureAwait(false))
        {
            var all = await _packages.ListVersionsAsync(policy.ProjectId, new PackageType(type), normalizedName, cancellationToken).ConfigureAwait(false);
            var deleted = planner.VersionsToDelete(all, package => IsProtected(rules, package)).Select(p => p.Id).ToHashSet();
            foreach (var package in all)
            {
                if (package.Status == PackageStatus.Processing || IsProtected(rules, package))
                {
                    continue;
                }

                var packageFiles = await _packages.ListFilesAsync(package.Id, cancellationToken).ConfigureAwait(false);
                if (deleted.Contains(package.Id))
                {
                    versions.Add(new CleanupVersion(package, packageFiles.Count, packageFiles.Sum(f => f.Size)));
                }
                else
                {
                    files.AddRange(planner.DuplicateFilesToDelete(packageFiles).Select(f => new CleanupFile(package, f)));
                }
            }
        }

        return new CleanupReport(true, versions, files);
    }

    /// <summary>The project's package names (type and normalized name), each once, in order of their first version.</summary>
    private async Task<IReadOnlyList<(string Type, string NormalizedName)>> ListPackageNamesAsync(long projectId, CancellationToken cancellationToken)
    {
        var names = new List<(string, string)>();
        var seen = new HashSet<(string, string)>();
        foreach (var status in ListedStatuses)
        {
            for (var page = 1; ; page++)
            {
                var result = await _packages.QueryAsync(
                    new PackageQuery { ProjectIds = [projectId], Status = status, Page = page, PerPage = PageSize },
                    cancellationToken).ConfigureAwait(false);
                foreach (var package in result.Items)
                {
                    if (seen.Add((package.Type, package.NormalizedName)))
                    {
                        names.Add((package.Type, package.NormalizedName));
                    }
                }

                if (result.Items.Count < PageSize)
                {
                    break;
                }
            }
        }

        return names;
    }

    private static bool IsProtected(IReadOnlyList<PackageProtectionRule> deleteRules, Package package) =>
        deleteRules.Any(rule =>
            string.Equals(rule.PackageType, package.Type, StringComparison.Ordinal)
            && (PackageNamePattern.IsMatch(rule.PackageNamePattern, package.Name) || PackageNamePattern.IsMatch(rule.PackageNamePattern, package.NormalizedName)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup policy of project {ProjectId} deleted {Versions} versions and {Files} files ({Bytes} bytes)")]
    private static partial void LogRan(ILogger logger, long projectId, int versions, int files, long bytes);
}
