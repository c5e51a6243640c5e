using Microsoft.Extensions.Logging;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Security;

namespace Registry.Core.Protection;

/// <summary>
/// Decides whether a project's package protection rules let the caller push or delete a package
/// (https://docs.gitlab.com/user/packages/package_registry/package_protection_rules/). It runs inside the publish and
/// delete use cases for every format: a rule names a package type and a name pattern, nothing a format declares.
/// Rules are read from the store on every check (no cache), so a new rule applies at once on every host.
/// </summary>
/// <remarks>
/// As GitLab's Packages::Protection::CheckRuleExistenceService: instance administrators pass every rule; a member
/// passes a rule when their role reaches its minimum level; a deploy token (no role) never pushes nor deletes a package
/// a rule protects for that action; a job token acts with its user's role.
/// </remarks>
public sealed partial class PackageProtection
{
    private readonly IPackageProtectionStore _rules;
    private readonly ILogger<PackageProtection> _logger;

    /// <summary>Creates the policy over the rules' store.</summary>
    public PackageProtection(IPackageProtectionStore rules, ILogger<PackageProtection> logger)
    {
        _rules = rules;
        _logger = logger;
    }

    /// <summary>The rule that refuses <paramref name="action"/> on the package to the caller, or null when none does.</summary>
    /// <param name="project">The authorized project, which carries the caller and their role.</param>
    /// <param name="action"><see cref="PackageAction.Publish"/> or <see cref="PackageAction.Delete"/>.</param>
    /// <param name="type">The package type name.</param>
    /// <param name="name">The package name as published; its normalized form is matched too.</param>
    /// <param name="normalizedName">The name after the type's normalization.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<PackageProtectionRule?> FindRefusingRuleOrNullAsync(AuthorizedProject project, PackageAction action, string type, string name, string normalizedName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (project.Principal.IsAdmin || string.IsNullOrEmpty(name))
        {
            return null;
        }

        var rules = await _rules.ListAsync(project.Project.Id, type, cancellationToken).ConfigureAwait(false);
        var role = project.Principal.Kind == PrincipalKind.DeployToken ? AccessLevel.None : project.Role;
        return rules.FirstOrDefault(rule =>
            MinimumLevel(rule, action) is { } minimum
            && (int)role < (int)minimum
            && (PackageNamePattern.IsMatch(rule.PackageNamePattern, name) || PackageNamePattern.IsMatch(rule.PackageNamePattern, normalizedName)));
    }

    /// <summary>Throws <see cref="PackageProtectedException"/> when a rule refuses <paramref name="action"/> on the package to the caller.</summary>
    internal async Task EnsureAllowedAsync(AuthorizedProject project, PackageAction action, PackageType type, string name, CancellationToken cancellationToken)
    {
        var normalized = type.NormalizeName(name);
        if (await FindRefusingRuleOrNullAsync(project, action, type.Name, name, normalized, cancellationToken).ConfigureAwait(false) is { } rule)
        {
            LogRefused(_logger, action, type.Name, name, project.Project.Id, rule.Id, project.Principal.Kind);
            throw new PackageProtectedException(action);
        }
    }

    /// <summary>As <see cref="EnsureAllowedAsync(AuthorizedProject, PackageAction, PackageType, string, CancellationToken)"/> for a stored package.</summary>
    internal async Task EnsureAllowedAsync(AuthorizedProject project, PackageAction action, Package package, CancellationToken cancellationToken)
    {
        if (await FindRefusingRuleOrNullAsync(project, action, package.Type, package.Name, package.NormalizedName, cancellationToken).ConfigureAwait(false) is { } rule)
        {
            LogRefused(_logger, action, package.Type, package.Name, project.Project.Id, rule.Id, project.Principal.Kind);
            throw new PackageProtectedException(action);
        }
    }

    private static ProtectionLevel? MinimumLevel(PackageProtectionRule rule, PackageAction action) => action switch
    {
        PackageAction.Publish => rule.MinimumAccessLevelForPush,
        PackageAction.Delete => rule.MinimumAccessLevelForDelete,
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Protection rule {RuleId} refused {Action} of {PackageType} {PackageName} in project {ProjectId} to a {PrincipalKind} caller")]
    private static partial void LogRefused(ILogger logger, PackageAction action, string packageType, string packageName, long projectId, long ruleId, PrincipalKind principalKind);
}
