namespace Registry.Core.Directory;

/// <summary>A user's direct role in one project or group, as GitLab's members API lists it.</summary>
/// <param name="User">The member.</param>
/// <param name="AccessLevel">The role held there directly (inherited roles come from the groups above).</param>
public sealed record DirectoryMember(User User, AccessLevel AccessLevel);
