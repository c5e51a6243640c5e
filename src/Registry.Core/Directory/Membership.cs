namespace Registry.Core.Directory;

/// <summary>A user's direct role in one project or one group (inherited roles are not listed).</summary>
/// <param name="ProjectId">The project, for a project membership.</param>
/// <param name="GroupId">The group, for a group membership.</param>
/// <param name="AccessLevel">The role.</param>
public sealed record Membership(long? ProjectId, long? GroupId, AccessLevel AccessLevel);
