using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Core.Tests.Security;

/// <summary>An authorized project carries every action the caller may take; <c>Require</c> still refuses the others.</summary>
public sealed class AuthorizedProjectTests
{
    private static readonly Project App = new()
    {
        Id = 7,
        GroupId = 3,
        AncestorGroupIds = [3],
        Name = "app",
        Path = "app",
        FullPath = "demo/app",
        Visibility = ProjectVisibility.Private,
    };

    private static readonly RegistryPrincipal Developer = new() { Kind = PrincipalKind.User, UserId = 5, Scopes = TokenScopes.Api };

    [Fact]
    public void A_publish_may_read_when_the_caller_may()
    {
        var project = new AuthorizedProject(App, Developer, PackageAction.Publish, new HashSet<PackageAction> { PackageAction.Publish, PackageAction.View, PackageAction.Pull });

        project.Allows(PackageAction.View).Should().BeTrue();
        project.Invoking(p => p.Require(PackageAction.View)).Should().NotThrow();
        project.Invoking(p => p.Require(PackageAction.Delete)).Should().Throw<InvalidOperationException>().WithMessage("*Delete*");
    }

    [Fact]
    public void Pull_implies_view_and_nothing_else()
    {
        var project = new AuthorizedProject(App, Developer, PackageAction.Pull, new HashSet<PackageAction> { PackageAction.Pull });

        project.Invoking(p => p.Require(PackageAction.View)).Should().NotThrow();
        project.Invoking(p => p.Require(PackageAction.Publish)).Should().Throw<InvalidOperationException>();
    }
}
