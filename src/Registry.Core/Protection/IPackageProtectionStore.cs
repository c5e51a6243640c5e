namespace Registry.Core.Protection;

/// <summary>
/// The projects' package protection rules. Uniqueness of (project, package type, pattern) is a database constraint.
/// Rules live with the package metadata, so a host that brings its own directory keeps them, and every host of one
/// database reads the same rules on its next publish or delete.
/// </summary>
public interface IPackageProtectionStore
{
    /// <summary>The project's rules, oldest first.</summary>
    Task<IReadOnlyList<PackageProtectionRule>> ListAsync(long projectId, CancellationToken cancellationToken);

    /// <summary>The project's rules for one package type, oldest first.</summary>
    Task<IReadOnlyList<PackageProtectionRule>> ListAsync(long projectId, string packageType, CancellationToken cancellationToken);

    /// <summary>Stores a new rule (its <see cref="PackageProtectionRule.Id"/> is ignored); <see cref="ProtectionRuleWriteOutcome.Duplicate"/> when the project has one with that type and pattern.</summary>
    Task<ProtectionRuleWriteResult> TryCreateAsync(PackageProtectionRule rule, CancellationToken cancellationToken);

    /// <summary>Replaces the rule of that id in its project; <see cref="ProtectionRuleWriteOutcome.NotFound"/> or <see cref="ProtectionRuleWriteOutcome.Duplicate"/> otherwise.</summary>
    Task<ProtectionRuleWriteResult> TryUpdateAsync(PackageProtectionRule rule, CancellationToken cancellationToken);

    /// <summary>Removes a rule; false when the project has no rule of that id.</summary>
    Task<bool> DeleteAsync(long projectId, long ruleId, CancellationToken cancellationToken);
}
