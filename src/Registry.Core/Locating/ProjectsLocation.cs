using Registry.Core.Security;

namespace Registry.Core.Locating;

/// <summary>The projects holding a package that the caller may act on, in the order <see cref="PackageLocator.LocateByNameAsync"/> ranks them.</summary>
/// <param name="Allowed">The projects allowed.</param>
/// <param name="SomeNeedSignIn">Whether a credential could change the answer: some project holding the package refused the caller for want of one, or refused an anonymous caller at all.</param>
/// <param name="RegistryDisabled">Whether the package registry is off on the instance (then nothing is allowed, and the endpoint answers 403 as a project endpoint does).</param>
public sealed record ProjectsLocation(IReadOnlyList<AuthorizedProject> Allowed, bool SomeNeedSignIn, bool RegistryDisabled)
{
    /// <summary>How many of <see cref="Allowed"/>, from the start, are in a namespace that owns the name.</summary>
    public int OwnerCount { get; init; }
}
