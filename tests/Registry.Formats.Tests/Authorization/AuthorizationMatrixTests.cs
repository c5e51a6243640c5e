namespace Registry.Formats.Tests.Authorization;

/// <summary>
/// Every project visibility × <c>package_registry_access_level</c> × caller × action cell over HTTP, with the registry
/// enabled and disabled on the instance, against one seeded host; expectations come from <see cref="AuthorizationMatrix"/>
/// (GitLab's permission table as data).
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixHost host) : IClassFixture<AuthorizationMatrixHost>
{
    public static TheoryData<bool, string, string, MatrixAction, int> Cells() => AuthorizationMatrix.Cells();

    public static TheoryData<bool, string, int, string> GroupListings() => AuthorizationMatrix.GroupListings();

    [Theory]
    [MemberData(nameof(Cells))]
    public Task Cell(bool instanceEnabled, string project, string caller, MatrixAction action, int expected) =>
        MatrixCells.AssertCellAsync(host, instanceEnabled, project, caller, action, expected);

    [Theory]
    [MemberData(nameof(GroupListings))]
    public Task Group_listing_shows_only_the_projects_the_caller_may_view(bool instanceEnabled, string caller, int expected, string visible) =>
        MatrixCells.AssertGroupListingAsync(host, instanceEnabled, caller, expected, visible);

    [Fact]
    public void The_matrix_covers_every_visibility_access_level_caller_and_action_with_the_registry_on_and_off()
    {
        Cells().Should().HaveCount(2 * 3 * 4 * AuthorizationMatrix.Callers.Count * 5);
        AuthorizationMatrix.Callers.Select(c => c.Name).Should().OnlyHaveUniqueItems();
        foreach (var caller in AuthorizationMatrix.Callers.Where(c => c.Header is not null))
        {
            AuthorizationMatrix.Targets.Should().OnlyContain(t => host.Token(caller.Name, t.Key) != null, "{0} has a token for every project", caller.Name);
        }
    }
}
