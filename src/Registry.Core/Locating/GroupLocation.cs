using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Core.Locating;

/// <summary>A group and the projects in it the caller may act on through the group endpoint.</summary>
/// <param name="Group">The group.</param>
/// <param name="Allowed">The projects allowed, in the directory's order.</param>
/// <param name="SomeNeedSignIn">Whether some project was refused only for want of a credential.</param>
/// <param name="RegistryDisabled">Whether the package registry is off on the instance (then nothing is allowed, and the group endpoint answers 403 as a project endpoint does).</param>
public sealed record GroupLocation(Group Group, IReadOnlyList<AuthorizedProject> Allowed, bool SomeNeedSignIn, bool RegistryDisabled);
