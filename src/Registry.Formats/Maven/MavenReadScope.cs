using Registry.Core.Security;

namespace Registry.Formats.Maven;

/// <summary>The projects a Maven read may look in, and whether a miss should challenge an anonymous caller.</summary>
/// <param name="Projects">Readable projects, in the order to search.</param>
/// <param name="ChallengeOnMiss">
/// Whether some project was refused only for want of a credential: then a miss answers 401 with the Basic challenge
/// instead of 404, because Maven sends the credentials of its settings.xml only after a challenge.
/// </param>
internal sealed record MavenReadScope(IReadOnlyList<AuthorizedProject> Projects, bool ChallengeOnMiss);
