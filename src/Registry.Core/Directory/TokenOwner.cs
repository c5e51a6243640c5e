using Registry.Core.Security;

namespace Registry.Core.Directory;

/// <summary>Whom an issued token belongs to, so that its revocation can be authorized.</summary>
/// <param name="Id">The token's id.</param>
/// <param name="Kind">A user's personal token, a deploy token or a job's token.</param>
/// <param name="UserId">The user, for a personal or job token.</param>
/// <param name="ProjectId">The project, for a project deploy token or a job token.</param>
/// <param name="GroupId">The group, for a group deploy token.</param>
public sealed record TokenOwner(long Id, PrincipalKind Kind, long? UserId, long? ProjectId, long? GroupId);
