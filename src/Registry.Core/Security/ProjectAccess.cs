namespace Registry.Core.Security;

/// <summary>The outcome of <see cref="ProjectAccessService"/>.</summary>
/// <param name="Project">The authorized project, or null when refused.</param>
/// <param name="Decision">The decision, with its reason.</param>
public sealed record ProjectAccess(AuthorizedProject? Project, PermissionDecision Decision);
