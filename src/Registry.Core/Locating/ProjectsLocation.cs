using Registry.Core.Security;

namespace Registry.Core.Locating;

/// <summary>The projects holding a package that the caller may act on, newest package first.</summary>
/// <param name="Allowed">The projects allowed.</param>
/// <param name="SomeNeedSignIn">Whether some project holding the package was refused only for want of a credential.</param>
public sealed record ProjectsLocation(IReadOnlyList<AuthorizedProject> Allowed, bool SomeNeedSignIn);
