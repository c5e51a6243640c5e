using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Directory;
using Registry.Core.Options;

namespace Registry.Core.Security;

/// <summary>
/// Resolves a project reference (numeric id or full path) and asks <see cref="PermissionEvaluator"/> whether
/// the caller may act on it. Every protocol handler goes through here before it touches packages.
/// </summary>
public sealed partial class ProjectAccessService
{
    private readonly IProjectDirectory _directory;
    private readonly IOptionsMonitor<PackageRegistryOptions> _options;
    private readonly ILogger<ProjectAccessService> _logger;

    /// <summary>Creates the service.</summary>
    public ProjectAccessService(IProjectDirectory directory, IOptionsMonitor<PackageRegistryOptions> options, ILogger<ProjectAccessService> logger)
    {
        _directory = directory;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Authorizes <paramref name="action"/> on the project <paramref name="projectIdOrPath"/>. An unknown project
    /// answers like a private one the caller cannot see: 401 to anonymous callers, 404 to others.
    /// </summary>
    public async Task<ProjectAccess> AuthorizeAsync(RegistryPrincipal principal, string projectIdOrPath, PackageAction action, EndpointScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var project = await _directory.FindProjectOrNullAsync(projectIdOrPath, cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            var denial = principal.Kind == PrincipalKind.Anonymous ? Denial.Unauthenticated : Denial.NotFound;
            return new ProjectAccess(null, new PermissionDecision(denial, "no such project"));
        }

        return await AuthorizeAsync(principal, project, action, scope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Authorizes <paramref name="action"/> on a project already resolved; a refusal is logged, since it ends a request.</summary>
    public async Task<ProjectAccess> AuthorizeAsync(RegistryPrincipal principal, Project project, PackageAction action, EndpointScope scope, CancellationToken cancellationToken)
    {
        var access = await EvaluateAsync(principal, project, action, scope, cancellationToken).ConfigureAwait(false);
        if (!access.Decision.IsAllowed)
        {
            LogDenied(_logger, action, project.Id, principal.Kind, access.Decision.Denial, access.Decision.Reason);
        }

        return access;
    }

    /// <summary>
    /// Asks the same question as <see cref="AuthorizeAsync(RegistryPrincipal, Project, PackageAction, EndpointScope, CancellationToken)"/>
    /// without logging a refusal: for probing many projects (group listings, instance-level lookups) or deciding
    /// what to show (a delete link), where "no" is an expected answer rather than a refused request.
    /// </summary>
    public async Task<ProjectAccess> EvaluateAsync(RegistryPrincipal principal, Project project, PackageAction action, EndpointScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(project);
        var role = principal.UserId is { } userId && principal.Kind is PrincipalKind.User or PrincipalKind.JobToken
            ? await _directory.GetAccessLevelAsync(userId, project, cancellationToken).ConfigureAwait(false)
            : AccessLevel.None;
        var jobAllowed = principal.Job is { } job && job.ProjectId != project.Id
            && await _directory.IsJobTokenAllowedAsync(project.Id, job.ProjectId, cancellationToken).ConfigureAwait(false);

        var facts = new ProjectAccessFacts
        {
            Project = project,
            Role = role,
            JobTokenAllowed = jobAllowed,
            InstanceRegistryEnabled = _options.CurrentValue.Enabled,
            Scope = scope,
        };
        var decision = PermissionEvaluator.Evaluate(principal, facts, action);
        if (!decision.IsAllowed)
        {
            return new ProjectAccess(null, decision);
        }

        // The facts are gathered once; each further action is a pure evaluation of them.
        var permissions = new HashSet<PackageAction> { action };
        foreach (var other in Enum.GetValues<PackageAction>())
        {
            if (other != action && PermissionEvaluator.Evaluate(principal, facts, other).IsAllowed)
            {
                permissions.Add(other);
            }
        }

        return new ProjectAccess(new AuthorizedProject(project, principal, action, permissions, role), decision);
    }

    /// <summary>
    /// Authorizes a pull vouched for by a grant the registry signed itself (a pre-signed download URL whose signature,
    /// expiry and binding to one file the caller has already checked), for clients that fetch without credentials
    /// (Terraform fetches the <c>X-Terraform-Get</c> address with no token). The grant carries no identity, so the project
    /// is authorized for <see cref="PackageAction.Pull"/> only, to an anonymous principal; the instance's and the
    /// project's registry must still be on, and the project must still exist.
    /// </summary>
    /// <param name="projectId">The project the grant names.</param>
    /// <param name="cancellationToken">Cancels the directory lookup.</param>
    public async Task<ProjectAccess> AuthorizeSignedPullAsync(long projectId, CancellationToken cancellationToken)
    {
        var project = await _directory.FindProjectOrNullAsync(projectId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        if (project is null)
        {
            return new ProjectAccess(null, new PermissionDecision(Denial.NotFound, "no such project"));
        }

        if (!_options.CurrentValue.Enabled)
        {
            return new ProjectAccess(null, PermissionDecision.InstanceRegistryDisabled);
        }

        if (project.PackageRegistryAccessLevel == PackageRegistryAccessLevel.Disabled)
        {
            return new ProjectAccess(null, PermissionDecision.Deny(Denial.Forbidden, "the package registry is disabled for this project"));
        }

        var pull = new HashSet<PackageAction> { PackageAction.Pull };
        return new ProjectAccess(new AuthorizedProject(project, RegistryPrincipal.Anonymous, PackageAction.Pull, pull), PermissionDecision.Allow("a signed download grant"));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Denied {Action} on project {ProjectId} to a {PrincipalKind} caller: {Denial}, {Reason}")]
    private static partial void LogDenied(ILogger logger, PackageAction action, long projectId, PrincipalKind principalKind, Denial denial, string reason);
}
