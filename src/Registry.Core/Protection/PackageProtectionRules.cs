using Microsoft.Extensions.Logging;
using Registry.Core.Audit;
using Registry.Core.Security;

namespace Registry.Core.Protection;

/// <summary>
/// The use case behind GitLab's protected packages API (https://docs.gitlab.com/api/project_packages_protection_rules/):
/// lists, creates, updates and deletes a project's rules with GitLab's validation. Maintainers and above
/// (<see cref="PackageAction.ManageSettings"/>) manage them.
/// </summary>
public sealed partial class PackageProtectionRules
{
    /// <summary>GitLab's message for a rule without any level.</summary>
    public const string NoLevelMessage = "A rule must have at least a minimum access role for push or delete.";

    private readonly IPackageProtectionStore _store;
    private readonly ILogger<PackageProtectionRules> _logger;
    private readonly RegistryAudit _audit;

    /// <summary>Creates the use case.</summary>
    public PackageProtectionRules(IPackageProtectionStore store, ILogger<PackageProtectionRules> logger, RegistryAudit audit)
    {
        _audit = audit;
        _store = store;
        _logger = logger;
    }

    /// <summary>The project's rules, oldest first.</summary>
    public Task<IReadOnlyList<PackageProtectionRule>> ListAsync(AuthorizedProject project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Require(PackageAction.ManageSettings);
        return _store.ListAsync(project.Project.Id, cancellationToken);
    }

    /// <summary>Validates and stores a new rule for the project (its <see cref="PackageProtectionRule.ProjectId"/> is the project's).</summary>
    public Task<ProtectionRuleWriteResult> CreateAsync(AuthorizedProject project, PackageProtectionRule rule, CancellationToken cancellationToken) =>
        SaveAsync(project, rule, _store.TryCreateAsync, "created", cancellationToken);

    /// <summary>Validates and stores a changed rule (found by its id in the project).</summary>
    public Task<ProtectionRuleWriteResult> UpdateAsync(AuthorizedProject project, PackageProtectionRule rule, CancellationToken cancellationToken) =>
        SaveAsync(project, rule, _store.TryUpdateAsync, "updated", cancellationToken);

    /// <summary>Deletes a rule; false when the project has no rule of that id.</summary>
    public async Task<bool> DeleteAsync(AuthorizedProject project, long ruleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Require(PackageAction.ManageSettings);
        var deleted = await _store.DeleteAsync(project.Project.Id, ruleId, cancellationToken).ConfigureAwait(false);
        if (deleted)
        {
            LogChanged(_logger, ruleId, "deleted", project.Project.Id);
            await _audit.RecordAsync(RegistryAuditActions.ProtectionRuleDeleted, project.Principal, e => e with
            {
                ProjectId = project.Project.Id,
                Details = $"rule={ruleId}",
            }).ConfigureAwait(false);
        }

        return deleted;
    }

    private async Task<ProtectionRuleWriteResult> SaveAsync(
        AuthorizedProject project, PackageProtectionRule rule, Func<PackageProtectionRule, CancellationToken, Task<ProtectionRuleWriteResult>> write, string change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(rule);
        project.Require(PackageAction.ManageSettings);
        var owned = rule with { ProjectId = project.Project.Id };
        if (Validate(owned) is { } invalid)
        {
            return invalid;
        }

        var result = await write(owned, cancellationToken).ConfigureAwait(false);
        if (result is { Outcome: ProtectionRuleWriteOutcome.Saved, Rule: { } saved })
        {
            LogChanged(_logger, saved.Id, change, project.Project.Id);
            await _audit.RecordAsync(change == "created" ? RegistryAuditActions.ProtectionRuleCreated : RegistryAuditActions.ProtectionRuleUpdated, project.Principal, e => e with
            {
                ProjectId = project.Project.Id,
                PackageType = saved.PackageType,
                PackageName = saved.PackageNamePattern,
                Details = $"rule={saved.Id} push={saved.MinimumAccessLevelForPush?.ToString() ?? "none"} delete={saved.MinimumAccessLevelForDelete?.ToString() ?? "none"}",
            }).ConfigureAwait(false);
        }

        return result.Outcome == ProtectionRuleWriteOutcome.Duplicate
            ? result with { Errors = ["Package name pattern has already been taken"] }
            : result;
    }

    /// <summary>GitLab's model validation of a rule (the package type is checked by the API against the registered formats).</summary>
    private static ProtectionRuleWriteResult? Validate(PackageProtectionRule rule)
    {
        var errors = new List<string>();
        if (PackageNamePattern.ValidationErrorOrNull(rule.PackageNamePattern) is { } patternError)
        {
            errors.Add(patternError);
        }

        if (rule.MinimumAccessLevelForPush is null && rule.MinimumAccessLevelForDelete is null)
        {
            errors.Add(NoLevelMessage);
        }

        if (rule.MinimumAccessLevelForDelete == ProtectionLevel.Maintainer)
        {
            errors.Add("Minimum access level for delete is not included in the list");
        }

        return errors.Count > 0 ? new ProtectionRuleWriteResult(ProtectionRuleWriteOutcome.Invalid, Errors: errors) : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Package protection rule {RuleId} {Change} in project {ProjectId}")]
    private static partial void LogChanged(ILogger logger, long ruleId, string change, long projectId);
}
