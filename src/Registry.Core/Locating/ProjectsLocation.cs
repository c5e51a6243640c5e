using Registry.Core.Security;

namespace Registry.Core.Locating;

/// <summary>The projects holding a package that the caller may act on, newest package first.</summary>
/// <param name="Allowed">The projects allowed.</param>
/// <param name="SomeNeedSignIn">Whether some project holding the package was refused only for want of a credential.</param>
public sealed record ProjectsLocation(IReadOnlyList<AuthorizedProject> Allowed, bool SomeNeedSignIn)
{
    /// <summary>Whether the package registry is off on the instance: then nothing is allowed, and the endpoint answers 403 as a project endpoint does.</summary>
    public bool RegistryDisabled { get; init; }
}
