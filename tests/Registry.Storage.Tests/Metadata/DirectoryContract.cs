using Registry.Core.Directory;
using Registry.Storage.Relational;

namespace Registry.Storage.Tests.Metadata;

/// <summary>The contract every metadata database meets; run once per provider by the concrete subclasses.</summary>
public abstract class DirectoryContract : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Group _top = null!;
    private Group _sub = null!;
    private Group _leaf = null!;
    private Project _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(Provider);
        var directory = _db.Directory;
        _top = (await directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Public, default))!;
        _sub = (await directory.TryCreateGroupAsync("Team", "team", _top.Id, ProjectVisibility.Internal, default))!;
        _leaf = (await directory.TryCreateGroupAsync("Libs", "libs", _sub.Id, ProjectVisibility.Private, default))!;
        _app = (await directory.TryCreateProjectAsync("App", "app", _leaf.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default))!;
    }

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public void Nested_groups_and_projects_get_full_paths_and_ancestors_nearest_first()
    {
        _leaf.FullPath.Should().Be("demo/team/libs");
        _leaf.ParentId.Should().Be(_sub.Id);
        _app.FullPath.Should().Be("demo/team/libs/app");
        _app.AncestorGroupIds.Should().Equal(_leaf.Id, _sub.Id, _top.Id);
    }

    [ContractFact]
    public async Task A_groups_projects_include_subgroups_unless_excluded()
    {
        var top = (await _db.Directory.TryCreateProjectAsync("Site", "site", _top.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default))!;

        var all = await _db.Directory.ListGroupProjectsAsync(_top.Id, excludeSubgroups: false, default);
        var direct = await _db.Directory.ListGroupProjectsAsync(_top.Id, excludeSubgroups: true, default);

        all.Select(p => p.FullPath).Should().Equal("demo/site", "demo/team/libs/app");
        all.Single(p => p.Id == _app.Id).AncestorGroupIds.Should().Equal(_leaf.Id, _sub.Id, _top.Id);
        direct.Should().ContainSingle().Which.Id.Should().Be(top.Id);
    }

    [ContractFact]
    public async Task Projects_and_groups_resolve_by_id_path_and_encoded_path()
    {
        var byId = await _db.Directory.FindProjectOrNullAsync(_app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), default);
        var byPath = await _db.Directory.FindProjectOrNullAsync("demo/team/libs/app", default);
        var byEncoded = await _db.Directory.FindProjectOrNullAsync("demo%2Fteam%2Flibs%2Fapp", default);

        byId.Should().BeEquivalentTo(_app);
        byPath.Should().BeEquivalentTo(_app);
        byEncoded.Should().BeEquivalentTo(_app);
        (await _db.Directory.FindProjectOrNullAsync("demo/team/app", default)).Should().BeNull();
        (await _db.Directory.FindProjectOrNullAsync("12345", default)).Should().BeNull();
        (await _db.Directory.FindGroupOrNullAsync("demo/team", default)).Should().Be(_sub);
        (await _db.Directory.FindGroupOrNullAsync(_top.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), default)).Should().Be(_top);
    }

    [ContractFact]
    public async Task Taken_paths_answer_null_and_missing_parents_throw()
    {
        (await _db.Directory.TryCreateGroupAsync("Again", "team", _top.Id, ProjectVisibility.Public, default)).Should().BeNull();
        (await _db.Directory.TryCreateProjectAsync("Again", "app", _leaf.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default)).Should().BeNull();
        (await _db.Directory.TryCreateGroupAsync("Team", "team", null, ProjectVisibility.Public, default)).Should().NotBeNull("the same segment elsewhere is another path");

        var missingParent = () => _db.Directory.TryCreateGroupAsync("X", "x", 999, ProjectVisibility.Public, default);
        var slash = () => _db.Directory.TryCreateProjectAsync("X", "a/b", _top.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default);
        await missingParent.Should().ThrowAsync<ArgumentException>();
        await slash.Should().ThrowAsync<ArgumentException>();
    }

    [ContractFact]
    public async Task Users_are_unique_by_name_and_found_by_id_or_name()
    {
        var alice = await _db.Directory.TryCreateUserAsync("alice", "Alice", true, default);

        (await _db.Directory.TryCreateUserAsync("alice", "Other", false, default)).Should().BeNull();
        (await _db.Directory.FindUserOrNullAsync("alice", default)).Should().Be(alice);
        (await _db.Directory.FindUserOrNullAsync(alice!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), default)).Should().Be(alice);
        alice.IsAdmin.Should().BeTrue();
    }

    [ContractFact]
    public async Task The_access_level_is_the_highest_of_project_and_ancestor_group_memberships()
    {
        var bob = (await _db.Directory.TryCreateUserAsync("bob", "Bob", false, default))!;
        (await _db.Directory.GetAccessLevelAsync(bob.Id, _app, default)).Should().Be(AccessLevel.None);

        await _db.Directory.SetGroupMemberAsync(_top.Id, bob.Id, AccessLevel.Reporter, default);
        (await _db.Directory.GetAccessLevelAsync(bob.Id, _app, default)).Should().Be(AccessLevel.Reporter);

        await _db.Directory.SetProjectMemberAsync(_app.Id, bob.Id, AccessLevel.Developer, default);
        await _db.Directory.SetGroupMemberAsync(_sub.Id, bob.Id, AccessLevel.Maintainer, default);
        (await _db.Directory.GetAccessLevelAsync(bob.Id, _app, default)).Should().Be(AccessLevel.Maintainer);

        await _db.Directory.SetGroupMemberAsync(_sub.Id, bob.Id, AccessLevel.None, default);
        (await _db.Directory.GetAccessLevelAsync(bob.Id, _app, default)).Should().Be(AccessLevel.Developer);

        await _db.Directory.SetProjectMemberAsync(_app.Id, bob.Id, AccessLevel.Guest, default);
        (await _db.Directory.GetAccessLevelAsync(bob.Id, _app, default)).Should().Be(AccessLevel.Reporter, "the group role still applies");
    }

    [ContractFact]
    public async Task A_membership_in_an_unrelated_group_does_not_count()
    {
        var carol = (await _db.Directory.TryCreateUserAsync("carol", "Carol", false, default))!;
        var other = (await _db.Directory.TryCreateGroupAsync("Other", "other", null, ProjectVisibility.Public, default))!;
        await _db.Directory.SetGroupMemberAsync(other.Id, carol.Id, AccessLevel.Owner, default);

        (await _db.Directory.GetAccessLevelAsync(carol.Id, _app, default)).Should().Be(AccessLevel.None);
    }

    [ContractFact]
    public async Task Updating_a_project_changes_only_what_is_given()
    {
        var updated = await _db.Directory.UpdateProjectAsync(_app.Id, null, PackageRegistryAccessLevel.Public, default);

        updated.Should().BeEquivalentTo(_app with { PackageRegistryAccessLevel = PackageRegistryAccessLevel.Public });
        (await _db.Directory.UpdateProjectAsync(_app.Id, ProjectVisibility.Public, null, default))!.Visibility.Should().Be(ProjectVisibility.Public);
        (await _db.Directory.UpdateProjectAsync(999, ProjectVisibility.Public, null, default)).Should().BeNull();
    }

    [ContractFact]
    public async Task The_job_token_allowlist_is_per_direction()
    {
        var other = (await _db.Directory.TryCreateProjectAsync("Other", "other", _top.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default))!;

        (await _db.Directory.IsJobTokenAllowedAsync(_app.Id, _app.Id, default)).Should().BeTrue();
        (await _db.Directory.IsJobTokenAllowedAsync(_app.Id, other.Id, default)).Should().BeFalse();

        await _db.Directory.AllowJobTokenAsync(_app.Id, other.Id, default);
        await _db.Directory.AllowJobTokenAsync(_app.Id, other.Id, default);

        (await _db.Directory.IsJobTokenAllowedAsync(_app.Id, other.Id, default)).Should().BeTrue();
        (await _db.Directory.IsJobTokenAllowedAsync(other.Id, _app.Id, default)).Should().BeFalse();
    }

    [ContractFact]
    public async Task Listings_memberships_and_token_owners_serve_the_directory_api()
    {
        var directory = _db.Directory;
        var user = await directory.TryCreateUserAsync("lister", "Lister", isAdmin: false, default);
        user.Should().NotBeNull();
        var userId = user?.Id ?? 0;
        await directory.SetGroupMemberAsync(_sub.Id, userId, AccessLevel.Maintainer, default);
        await directory.SetProjectMemberAsync(_app.Id, userId, AccessLevel.Developer, default);
        var pat = await directory.CreatePersonalAccessTokenAsync(userId, "t", Registry.Core.Security.TokenScopes.Api, null, null, default);
        var deploy = await directory.CreateDeployTokenAsync(null, _sub.Id, "d", Registry.Core.Security.TokenScopes.ReadPackageRegistry, null, default);
        var job = await directory.StartJobAsync(_app.Id, userId, 7, "main", "abc", default);

        (await directory.ListGroupsAsync(default)).Select(g => g.FullPath).Should().Equal("demo", "demo/team", "demo/team/libs");
        var projects = await directory.ListProjectsAsync(default);
        projects.Should().ContainSingle().Which.AncestorGroupIds.Should().Equal(_leaf.Id, _sub.Id, _top.Id);
        (await directory.ListMembershipsAsync(userId, default)).Should().BeEquivalentTo(new[]
        {
            new Membership(null, _sub.Id, AccessLevel.Maintainer),
            new Membership(_app.Id, null, AccessLevel.Developer),
        });
        (await directory.FindTokenOwnerAsync(pat.Id, default)).Should().Be(new TokenOwner(pat.Id, Registry.Core.Security.PrincipalKind.User, userId, null, null));
        (await directory.FindTokenOwnerAsync(deploy.Id, default)).Should().Be(new TokenOwner(deploy.Id, Registry.Core.Security.PrincipalKind.DeployToken, null, null, _sub.Id));
        (await directory.FindTokenOwnerAsync(job.Id, default)).Should().Be(new TokenOwner(job.Id, Registry.Core.Security.PrincipalKind.JobToken, userId, _app.Id, null));
        (await directory.FindTokenOwnerAsync(999_999, default)).Should().BeNull();
    }

    [ContractFact]
    public async Task Members_and_tokens_are_listed_without_token_text()
    {
        var directory = _db.Directory;
        var ann = (await directory.TryCreateUserAsync("ann", "Ann", isAdmin: false, default))!;
        var bob = (await directory.TryCreateUserAsync("bob", "Bob", isAdmin: false, default))!;
        await directory.SetProjectMemberAsync(_app.Id, bob.Id, AccessLevel.Maintainer, default);
        await directory.SetProjectMemberAsync(_app.Id, ann.Id, AccessLevel.Developer, default);
        await directory.SetGroupMemberAsync(_sub.Id, ann.Id, AccessLevel.Owner, default);
        var read = await directory.CreateDeployTokenAsync(_app.Id, null, "read", Registry.Core.Security.TokenScopes.ReadPackageRegistry, null, default);
        var write = await directory.CreateDeployTokenAsync(_app.Id, null, "write", Registry.Core.Security.TokenScopes.WritePackageRegistry, TestDatabase.Start.AddDays(1), default);
        await directory.CreateDeployTokenAsync(null, _sub.Id, "group", Registry.Core.Security.TokenScopes.ReadPackageRegistry, null, default);
        var annToken = await directory.CreatePersonalAccessTokenAsync(ann.Id, "ci", Registry.Core.Security.TokenScopes.Api, null, null, default);
        var bobToken = await directory.CreatePersonalAccessTokenAsync(bob.Id, "ci", Registry.Core.Security.TokenScopes.ReadApi, null, null, default);
        await directory.RevokeTokenAsync(read.Id, default);

        (await directory.ListMembersAsync(_app.Id, null, default)).Select(m => (m.User.Username, m.AccessLevel))
            .Should().Equal(("ann", AccessLevel.Developer), ("bob", AccessLevel.Maintainer));
        (await directory.ListMembersAsync(null, _sub.Id, default)).Select(m => (m.User.Username, m.AccessLevel)).Should().Equal(("ann", AccessLevel.Owner));
        var deployTokens = await directory.ListDeployTokensAsync(_app.Id, null, default);
        deployTokens.Select(t => (t.Id, t.Name, t.Scopes)).Should().Equal(
            (read.Id, "read", Registry.Core.Security.TokenScopes.ReadPackageRegistry),
            (write.Id, "write", Registry.Core.Security.TokenScopes.WritePackageRegistry));
        deployTokens[0].IsActiveAt(TestDatabase.Start).Should().BeFalse();
        deployTokens[0].Owner.ProjectId.Should().Be(_app.Id);
        deployTokens[1].ExpiresAt.Should().Be(TestDatabase.Start.AddDays(1));
        deployTokens[1].IsExpiredAt(TestDatabase.Start.AddDays(2)).Should().BeTrue();
        (await directory.ListPersonalAccessTokensAsync(ann.Id, default)).Select(t => t.Id).Should().Equal(annToken.Id);
        (await directory.ListPersonalAccessTokensAsync(null, default)).Select(t => t.Id).Should().Contain([annToken.Id, bobToken.Id]);
    }

    [ContractFact]
    public async Task Deleting_a_project_marks_its_packages_for_the_collector_and_drops_its_access_in_one_go()
    {
        var directory = _db.Directory;
        var user = (await directory.TryCreateUserAsync("dev", "Dev", isAdmin: false, default))!;
        await directory.SetProjectMemberAsync(_app.Id, user.Id, AccessLevel.Developer, default);
        var deploy = await directory.CreateDeployTokenAsync(_app.Id, null, "d", Registry.Core.Security.TokenScopes.ReadPackageRegistry, null, default);
        var job = await directory.StartJobAsync(_app.Id, user.Id, null, null, null, default);
        await _db.Store.TryAddFileAsync(Files.New(projectId: _app.Id, content: "app bytes"), default);
        await _db.Store.TryAddFileAsync(Files.New(projectId: _app.Id + 1000, content: "other bytes"), default);

        (await directory.DeleteProjectAsync(_app.Id, default)).Should().BeTrue();

        (await directory.FindProjectOrNullAsync(_app.FullPath, default)).Should().BeNull();
        (await directory.ListMembershipsAsync(user.Id, default)).Should().BeEmpty();
        (await directory.FindTokenOwnerAsync(deploy.Id, default)).Should().BeNull();
        (await directory.FindTokenOwnerAsync(job.Id, default)).Should().BeNull();
        (await _db.Store.QueryAsync(new Registry.Core.Storage.PackageQuery { ProjectIds = [_app.Id] }, default)).Items.Should().BeEmpty();
        var unreferenced = await _db.Store.PurgePendingDestructionAsync(default);
        unreferenced.Should().ContainSingle("only the deleted project's bytes lose their last reference");
        (await _db.Store.QueryAsync(new Registry.Core.Storage.PackageQuery { ProjectIds = [_app.Id + 1000] }, default)).Items.Should().ContainSingle();
        (await directory.DeleteProjectAsync(_app.Id, default)).Should().BeFalse();
    }

    [ContractFact]
    public async Task Deleting_a_group_deletes_its_subgroups_and_their_projects()
    {
        var directory = _db.Directory;
        var user = (await directory.TryCreateUserAsync("owner", "Owner", isAdmin: false, default))!;
        await directory.SetGroupMemberAsync(_sub.Id, user.Id, AccessLevel.Owner, default);
        var deploy = await directory.CreateDeployTokenAsync(null, _leaf.Id, "d", Registry.Core.Security.TokenScopes.ReadPackageRegistry, null, default);
        await _db.Store.TryAddFileAsync(Files.New(projectId: _app.Id), default);

        (await directory.DeleteGroupAsync(_sub.Id, default)).Should().BeTrue();

        (await directory.ListGroupsAsync(default)).Select(g => g.FullPath).Should().Equal("demo");
        (await directory.ListProjectsAsync(default)).Should().BeEmpty();
        (await directory.ListMembershipsAsync(user.Id, default)).Should().BeEmpty();
        (await directory.FindTokenOwnerAsync(deploy.Id, default)).Should().BeNull();
        (await _db.Store.QueryAsync(new Registry.Core.Storage.PackageQuery { ProjectIds = [_app.Id] }, default)).Items.Should().BeEmpty();
        (await directory.DeleteGroupAsync(_sub.Id, default)).Should().BeFalse();
    }

    [ContractFact]
    public async Task Deleting_a_user_ends_their_memberships_and_tokens()
    {
        var directory = _db.Directory;
        var user = (await directory.TryCreateUserAsync("gone", "Gone", isAdmin: false, default))!;
        await directory.SetProjectMemberAsync(_app.Id, user.Id, AccessLevel.Maintainer, default);
        var pat = await directory.CreatePersonalAccessTokenAsync(user.Id, "t", Registry.Core.Security.TokenScopes.Api, null, null, default);
        var job = await directory.StartJobAsync(_app.Id, user.Id, null, null, null, default);

        (await directory.DeleteUserAsync(user.Id, default)).Should().BeTrue();

        (await directory.FindUserOrNullAsync("gone", default)).Should().BeNull();
        (await directory.ListMembersAsync(_app.Id, null, default)).Should().BeEmpty();
        (await directory.ValidateOrNullAsync(pat.Token, default)).Should().BeNull();
        (await directory.ValidateOrNullAsync(job.Token, default)).Should().BeNull();
        (await directory.DeleteUserAsync(user.Id, default)).Should().BeFalse();
    }

    [ContractFact]
    public async Task Package_settings_are_stored_per_group_and_type_and_replaced()
    {
        var settings = new RelationalPackageSettingsStore(_db.Database);
        (await settings.GetDuplicateSettingsAsync(_top.Id, default)).Should().BeEmpty();

        await settings.SetDuplicateSettingsAsync(_top.Id, "generic", new Registry.Core.Packages.DuplicateSettings(false, ".*-SNAPSHOT"), default);
        await settings.SetDuplicateSettingsAsync(_top.Id, "nuget", new Registry.Core.Packages.DuplicateSettings(true, null), default);
        await settings.SetDuplicateSettingsAsync(_top.Id, "generic", new Registry.Core.Packages.DuplicateSettings(true, ""), default);

        var stored = await settings.GetDuplicateSettingsAsync(_top.Id, default);
        stored.Should().HaveCount(2);
        stored["generic"].Should().Be(new Registry.Core.Packages.DuplicateSettings(true, null));
        stored["nuget"].Should().Be(new Registry.Core.Packages.DuplicateSettings(true, null));
        (await settings.GetDuplicateSettingsAsync(_sub.Id, default)).Should().BeEmpty();
    }
}
