using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Core.Cleanup;

/// <summary>
/// Reads and changes a project's cleanup policy (<see cref="CleanupPolicy"/>): Reporters and above read it, Maintainers
/// and above (<see cref="PackageAction.ManageSettings"/>) change it. Saving a policy that can delete something schedules
/// its first background run one <see cref="CleanupOptions.Interval"/> later, as GitLab does.
/// </summary>
public sealed partial class CleanupPolicies
{
    private readonly ICleanupPolicyStore _store;
    private readonly IOptionsMonitor<CleanupOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CleanupPolicies> _logger;
    private readonly Audit.RegistryAudit _audit;

    /// <summary>Creates the use case.</summary>
    public CleanupPolicies(ICleanupPolicyStore store, IOptionsMonitor<CleanupOptions> options, TimeProvider time, ILogger<CleanupPolicies> logger, Audit.RegistryAudit audit)
    {
        _audit = audit;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>The project's policy (the default, which keeps everything, when it never set one).</summary>
    /// <exception cref="InvalidOperationException">The caller is below Reporter.</exception>
    public async Task<CleanupPolicy> GetAsync(AuthorizedProject project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (!MayRead(project))
        {
            throw new InvalidOperationException("Reading the cleanup policy needs the Reporter role.");
        }

        return await _store.FindOrNullAsync(project.Project.Id, cancellationToken).ConfigureAwait(false)
            ?? CleanupPolicy.Default(project.Project.Id);
    }

    /// <summary>Whether the caller may read the policy: Reporter and above, or an administrator.</summary>
    public static bool MayRead(AuthorizedProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Principal.IsAdmin || project.Role >= AccessLevel.Reporter;
    }

    /// <summary>Validates and stores the project's policy; the errors (none when it was saved).</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(AuthorizedProject project, CleanupPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(policy);
        project.Require(PackageAction.ManageSettings);
        var errors = Validate(policy);
        if (errors.Count > 0)
        {
            return errors;
        }

        var owned = policy with
        {
            ProjectId = project.Project.Id,
            KeepVersionPattern = string.IsNullOrEmpty(policy.KeepVersionPattern) ? null : policy.KeepVersionPattern,
            RemoveVersionPattern = string.IsNullOrEmpty(policy.RemoveVersionPattern) ? null : policy.RemoveVersionPattern,
        };
        owned = owned with { NextRunAt = owned.HasRules ? _time.GetUtcNow() + _options.CurrentValue.Interval : null };
        await _store.SaveAsync(owned, cancellationToken).ConfigureAwait(false);
        LogSaved(_logger, project.Project.Id, owned.KeepNDuplicatedPackageFiles, owned.KeepNVersions, owned.RemoveOlderThanDays);
        await _audit.RecordAsync(Audit.RegistryAuditActions.CleanupPolicyUpdated, project.Principal, e => e with
        {
            ProjectId = project.Project.Id,
            Details = $"keep_n_duplicated_package_files={owned.KeepNDuplicatedPackageFiles} keep_n_versions={owned.KeepNVersions} "
                + $"remove_older_than_days={owned.RemoveOlderThanDays} keep_version_regex={owned.KeepVersionPattern} remove_version_regex={owned.RemoveVersionPattern}",
        }).ConfigureAwait(false);
        return [];
    }

    /// <summary>Every reason the policy cannot be saved, in the API's parameter names.</summary>
    public static IReadOnlyList<string> Validate(CleanupPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<string>();
        if (policy.KeepNDuplicatedPackageFiles is { } files && !CleanupPolicy.DuplicatedFileCounts.Contains(files))
        {
            errors.Add("keep_n_duplicated_package_files does not have a valid value");
        }

        if (policy.KeepNVersions is { } versions and (< 1 or > CleanupPolicy.MaxKeepNVersions))
        {
            errors.Add($"keep_n_versions must be between 1 and {CleanupPolicy.MaxKeepNVersions}");
        }

        if (policy.RemoveOlderThanDays is { } days and (< 1 or > CleanupPolicy.MaxRemoveOlderThanDays))
        {
            errors.Add($"remove_older_than_days must be between 1 and {CleanupPolicy.MaxRemoveOlderThanDays}");
        }

        foreach (var (field, pattern) in new[] { ("keep_version_regex", policy.KeepVersionPattern), ("remove_version_regex", policy.RemoveVersionPattern) })
        {
            if (!string.IsNullOrEmpty(pattern) && CleanupVersionPattern.ValidationErrorOrNull(field, pattern) is { } error)
            {
                errors.Add(error);
            }
        }

        return errors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleanup policy of project {ProjectId} saved (duplicated files kept {KeepFiles}, versions kept {KeepVersions}, older than {Days} days removed)")]
    private static partial void LogSaved(ILogger logger, long projectId, int? keepFiles, int? keepVersions, int? days);
}
