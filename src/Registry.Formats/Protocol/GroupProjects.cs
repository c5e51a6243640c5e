using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Formats.Protocol;

/// <summary>A group and the projects in it that the caller may act on through the group endpoint.</summary>
/// <param name="Group">The group.</param>
/// <param name="Principal">The caller.</param>
/// <param name="Allowed">The projects allowed, in the directory's order.</param>
/// <param name="SomeNeedSignIn">Whether some project was refused only for want of a credential.</param>
internal sealed record GroupProjects(Group Group, RegistryPrincipal Principal, IReadOnlyList<AuthorizedProject> Allowed, bool SomeNeedSignIn)
{
    public bool IsAnonymous => Principal.Kind == PrincipalKind.Anonymous;
}
