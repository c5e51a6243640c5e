using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// Project and group access tokens as every metadata database stores them: a bot user, its membership at the token's
/// role and its personal access token, issued, listed, rotated, revoked and deleted with their project or group.
/// </summary>
public abstract class ResourceAccessTokenContract : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private Group _group = null!;
    private Project _project = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(Provider);
        _group = (await _db.Directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default))!;
        _project = (await _db.Directory.TryCreateProjectAsync("App", "app", _group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default))!;
    }

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public async Task A_project_token_is_a_bot_members_personal_token_and_validates_to_the_bot()
    {
        var expiry = TestDatabase.Start.AddDays(30);
        var issued = await _db.Directory.CreateResourceAccessTokenAsync(_project.Id, null, "ci", TokenScopes.Api | TokenScopes.ReadRegistry, AccessLevel.Developer, expiry, default);

        issued.Token.Should().StartWith("glpat-");
        var bot = issued.Details.Bot;
        bot.IsBot.Should().BeTrue();
        bot.Name.Should().Be("ci");
        bot.Username.Should().StartWith($"project_{_project.Id}_bot_");
        (await _db.Directory.FindUserOrNullAsync(bot.Username, default)).Should().BeEquivalentTo(bot);
        (await _db.Directory.GetAccessLevelAsync(bot.Id, _project, default)).Should().Be(AccessLevel.Developer);
        (await _db.Directory.ListMembersAsync(_project.Id, null, default)).Should().ContainSingle().Which.User.IsBot.Should().BeTrue();

        var principal = await _db.Directory.ValidateOrNullAsync(issued.Token, default);
        principal.Should().BeEquivalentTo(new RegistryPrincipal
        {
            Kind = PrincipalKind.User,
            UserId = bot.Id,
            TokenId = issued.Details.Token.Id,
            DisplayName = bot.Username,
            Scopes = TokenScopes.Api | TokenScopes.ReadRegistry,
        });

        var listed = await _db.Directory.ListResourceAccessTokensAsync(_project.Id, null, default);
        listed.Should().ContainSingle().Which.Should().BeEquivalentTo(issued.Details);
        listed[0].Token.ExpiresAt.Should().Be(expiry);
        (await _db.Directory.ListResourceAccessTokensAsync(null, _group.Id, default)).Should().BeEmpty();
    }

    [ContractFact]
    public async Task A_group_token_reaches_the_groups_projects_through_its_bots_membership()
    {
        var issued = await _db.Directory.CreateResourceAccessTokenAsync(null, _group.Id, "group-ci", TokenScopes.ReadApi, AccessLevel.Reporter, null, default);

        issued.Details.Bot.Username.Should().StartWith($"group_{_group.Id}_bot_");
        (await _db.Directory.GetAccessLevelAsync(issued.Details.Bot.Id, _project, default)).Should().Be(AccessLevel.Reporter);
        (await _db.Directory.ListResourceAccessTokensAsync(null, _group.Id, default)).Should().ContainSingle()
            .Which.Token.Owner.GroupId.Should().Be(_group.Id);
        (await _db.Directory.ListResourceAccessTokensAsync(_project.Id, null, default)).Should().BeEmpty();
    }

    [ContractFact]
    public async Task Revoking_ends_the_token_at_once_and_the_listing_keeps_it_as_revoked()
    {
        var issued = await _db.Directory.CreateResourceAccessTokenAsync(_project.Id, null, "ci", TokenScopes.Api, AccessLevel.Maintainer, null, default);
        (await _db.Directory.ValidateOrNullAsync(issued.Token, default)).Should().NotBeNull();

        (await _db.Directory.RevokeTokenAsync(issued.Details.Token.Id, default)).Should().BeTrue();

        (await _db.Directory.ValidateOrNullAsync(issued.Token, default)).Should().BeNull();
        var listed = (await _db.Directory.ListResourceAccessTokensAsync(_project.Id, null, default)).Should().ContainSingle().Subject;
        listed.Token.RevokedAt.Should().Be(TestDatabase.Start);
        (await _db.Directory.RotateResourceAccessTokenAsync(issued.Details.Token.Id, null, default)).Should().BeNull();
    }

    [ContractFact]
    public async Task Rotation_revokes_the_old_token_and_gives_the_same_bot_a_new_one()
    {
        var issued = await _db.Directory.CreateResourceAccessTokenAsync(_project.Id, null, "ci", TokenScopes.Api, AccessLevel.Developer, null, default);
        var expiry = TestDatabase.Start.AddDays(7);

        var rotated = await _db.Directory.RotateResourceAccessTokenAsync(issued.Details.Token.Id, expiry, default);

        rotated.Should().NotBeNull();
        rotated!.Details.Bot.Should().BeEquivalentTo(issued.Details.Bot);
        rotated.Details.AccessLevel.Should().Be(AccessLevel.Developer);
        rotated.Details.Token.Name.Should().Be("ci");
        rotated.Details.Token.ExpiresAt.Should().Be(expiry);
        (await _db.Directory.ValidateOrNullAsync(issued.Token, default)).Should().BeNull();
        (await _db.Directory.ValidateOrNullAsync(rotated.Token, default))!.UserId.Should().Be(issued.Details.Bot.Id);
        (await _db.Directory.ListResourceAccessTokensAsync(_project.Id, null, default)).Select(t => (t.Token.Id, Revoked: t.Token.RevokedAt is not null))
            .Should().Equal((issued.Details.Token.Id, true), (rotated.Details.Token.Id, false));
    }

    [ContractFact]
    public async Task A_humans_personal_token_is_no_access_token_and_cannot_be_rotated_as_one()
    {
        var human = (await _db.Directory.TryCreateUserAsync("dev", "Dev", false, default))!;
        human.IsBot.Should().BeFalse();
        await _db.Directory.SetProjectMemberAsync(_project.Id, human.Id, AccessLevel.Maintainer, default);
        var personal = await _db.Directory.CreatePersonalAccessTokenAsync(human.Id, "mine", TokenScopes.Api, null, null, default);

        (await _db.Directory.ListResourceAccessTokensAsync(_project.Id, null, default)).Should().BeEmpty();
        (await _db.Directory.RotateResourceAccessTokenAsync(personal.Id, null, default)).Should().BeNull();
        (await _db.Directory.ValidateOrNullAsync(personal.Token, default)).Should().NotBeNull();
    }

    [ContractFact]
    public async Task Deleting_the_project_or_group_deletes_its_bots_and_their_tokens()
    {
        var projectToken = await _db.Directory.CreateResourceAccessTokenAsync(_project.Id, null, "p", TokenScopes.Api, AccessLevel.Developer, null, default);
        var other = (await _db.Directory.TryCreateGroupAsync("Other", "other", null, ProjectVisibility.Private, default))!;
        var groupToken = await _db.Directory.CreateResourceAccessTokenAsync(null, other.Id, "g", TokenScopes.Api, AccessLevel.Developer, null, default);

        (await _db.Directory.DeleteProjectAsync(_project.Id, default)).Should().BeTrue();
        (await _db.Directory.DeleteGroupAsync(other.Id, default)).Should().BeTrue();

        foreach (var issued in new[] { projectToken, groupToken })
        {
            (await _db.Directory.ValidateOrNullAsync(issued.Token, default)).Should().BeNull();
            (await _db.Directory.FindUserOrNullAsync(issued.Details.Bot.Username, default)).Should().BeNull();
        }
    }

    [ContractTheory]
    [InlineData(TokenScopes.None)]
    [InlineData(TokenScopes.WritePackageRegistry)]
    public async Task Scopes_beyond_gitlabs_access_token_scopes_are_refused(TokenScopes scopes)
    {
        var act = () => _db.Directory.CreateResourceAccessTokenAsync(_project.Id, null, "bad", scopes, AccessLevel.Developer, null, default);

        await act.Should().ThrowAsync<ArgumentException>();
        (await _db.Directory.ListMembersAsync(_project.Id, null, default)).Should().BeEmpty();
    }
}
