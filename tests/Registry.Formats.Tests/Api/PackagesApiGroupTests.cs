using System.Net;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Api;

public sealed class PackagesApiGroupTests : PackagesApiTestBase
{
    private async Task<(Group Top, string Alice)> ArrangeAsync()
    {
        var top = (await Host.Directory.TryCreateGroupAsync("top", "top", null, ProjectVisibility.Private, default))!;
        var sub = (await Host.Directory.TryCreateGroupAsync("sub", "sub", top.Id, ProjectVisibility.Private, default))!;
        var a = (await Host.Directory.TryCreateProjectAsync("a", "a", top.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default))!;
        var b = (await Host.Directory.TryCreateProjectAsync("b", "b", sub.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default))!;
        await (Host.Directory.TryCreateProjectAsync("c", "c", sub.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default));
        await PublishAsync("from-a", "1.0.0", project: "top%2Fa");
        await PublishAsync("from-b", "1.0.0", project: "top%2Fsub%2Fb");
        await PublishAsync("from-c", "1.0.0", project: "top%2Fsub%2Fc");
        var alice = await TokenWithRoleAsync("alice", a, AccessLevel.Reporter);
        var aliceUser = await Host.Directory.FindUserOrNullAsync("alice", default);
        await Host.Directory.SetProjectMemberAsync(b.Id, aliceUser!.Id, AccessLevel.Maintainer, default);
        return (top, alice);
    }

    [Fact]
    public async Task Group_listing_spans_subgroups_and_shows_only_projects_the_caller_can_see()
    {
        var (_, alice) = await ArrangeAsync();

        var (_, json) = await GetJsonAsync("/api/v4/groups/top/packages?order_by=project_path", alice);

        json.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Equal("from-a", "from-b");
        json[0].GetProperty("project_path").GetString().Should().Be("top/a");
        json[1].GetProperty("project_path").GetString().Should().Be("top/sub/b");
        json[0].GetProperty("project_id").GetInt64().Should().BePositive();
        json[0].GetProperty("_links").TryGetProperty("delete_api_path", out _).Should().BeFalse("alice is only a reporter in top/a");
        json[1].GetProperty("_links").GetProperty("delete_api_path").GetString().Should().EndWith($"/api/v4/projects/{json[1].GetProperty("project_id").GetInt64()}/packages/{json[1].GetProperty("id").GetInt64()}");
    }

    [Fact]
    public async Task Admin_sees_every_project_and_exclude_subgroups_narrows()
    {
        var (top, _) = await ArrangeAsync();

        (await NamesAsync("/api/v4/groups/top/packages?order_by=project_path&sort=desc")).Should().Equal("from-c", "from-b", "from-a");
        (await NamesAsync($"/api/v4/groups/{top.Id}/packages?exclude_subgroups=true")).Should().Equal("from-a");
        (await NamesAsync("/api/v4/groups/top%2Fsub/packages?order_by=name")).Should().Equal("from-b", "from-c");
        var (response, _) = await GetJsonAsync("/api/v4/groups/top/packages?per_page=1&page=2");
        Header(response, "X-Total").Should().Be("3");
        Header(response, "X-Total-Pages").Should().Be("3");
        Header(response, "Link").Should().Contain("/api/v4/groups/top/packages?");
    }

    [Fact]
    public async Task Group_listing_refuses_unknown_and_invisible_groups()
    {
        await ArrangeAsync();
        var (_, stranger) = await Host.CreateUserAsync("stranger");

        (await Client.GetAsync("/api/v4/groups/nope/packages", Admin)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Client.GetAsync("/api/v4/groups/top/packages", stranger)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Client.GetAsync("/api/v4/groups/top/packages", token: null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client.GetAsync("/api/v4/groups/top/packages?order_by=size", Admin)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Client.GetAsync("/api/v4/groups/top/packages?exclude_subgroups=maybe", Admin)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_public_group_lists_public_projects_to_anonymous_callers()
    {
        var open = (await Host.Directory.TryCreateGroupAsync("open", "open", null, ProjectVisibility.Public, default))!;
        await Host.Directory.TryCreateProjectAsync("pub", "pub", open.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default);
        await Host.Directory.TryCreateProjectAsync("priv", "priv", open.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default);
        await PublishAsync("public-one", "1.0.0", project: "open%2Fpub");
        await PublishAsync("private-one", "1.0.0", project: "open%2Fpriv");

        (await NamesAsync("/api/v4/groups/open/packages", token: null)).Should().Equal("public-one");
    }
}
