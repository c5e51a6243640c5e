using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Protection;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Tests.UseCases;
using Registry.Core.Updating;
using Registry.Storage.Tests.Metadata;

namespace Registry.Core.Tests.Protection;

/// <summary>
/// The protection policy in the use cases: who passes a rule (GitLab's table: role against the minimum level, admins
/// always, deploy tokens never), that the publisher refuses before storing anything and the deleter and unlister before
/// changing anything, and that rules of another type or name do not apply.
/// </summary>
public sealed class PackageProtectionTests : IAsyncLifetime
{
    private RegistryHarness _registry = null!;

    public async Task InitializeAsync() => _registry = await RegistryHarness.CreateAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public static TheoryData<PrincipalKind, AccessLevel, bool, ProtectionLevel, bool> Callers() => new()
    {
        { PrincipalKind.User, AccessLevel.Developer, false, ProtectionLevel.Maintainer, false },
        { PrincipalKind.User, AccessLevel.Maintainer, false, ProtectionLevel.Maintainer, true },
        { PrincipalKind.User, AccessLevel.Maintainer, false, ProtectionLevel.Owner, false },
        { PrincipalKind.User, AccessLevel.Owner, false, ProtectionLevel.Owner, true },
        { PrincipalKind.User, AccessLevel.Owner, false, ProtectionLevel.Admin, false },
        { PrincipalKind.User, AccessLevel.None, true, ProtectionLevel.Admin, true },
        { PrincipalKind.JobToken, AccessLevel.Maintainer, false, ProtectionLevel.Maintainer, true },
        { PrincipalKind.JobToken, AccessLevel.Developer, false, ProtectionLevel.Maintainer, false },
        { PrincipalKind.DeployToken, AccessLevel.None, false, ProtectionLevel.Maintainer, false },
    };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task A_push_passes_a_rule_when_the_callers_role_reaches_its_level(PrincipalKind kind, AccessLevel role, bool admin, ProtectionLevel level, bool allowed)
    {
        await ProtectAsync("tool-*", push: level, delete: null);
        var project = As(kind, role, admin, PackageAction.Publish);

        var publish = () => _registry.Get<PackagePublisher>().PublishAsync(project, Request("tool-a"), new MemoryStream("x"u8.ToArray()), default);

        if (allowed)
        {
            (await publish()).Outcome.Should().Be(PublishOutcome.Published);
        }
        else
        {
            (await publish.Should().ThrowAsync<PackageProtectedException>()).Which.Message.Should().Be("Package protected.");
            (await _registry.ListBlobsAsync()).Should().BeEmpty("a refused push keeps no bytes");
        }
    }

    [Fact]
    public async Task A_name_the_inspection_gives_is_the_one_checked_and_a_refusal_keeps_no_blob()
    {
        await ProtectAsync("Real.Name*", push: ProtectionLevel.Owner, delete: null);
        var request = Request("placeholder") with { Inspect = (_, _) => Task.FromResult(new ContentInspection { Name = "real.name.core" }) };

        var publish = () => _registry.Get<PackagePublisher>().PublishAsync(As(PrincipalKind.User, AccessLevel.Maintainer, false, PackageAction.Publish), request, new MemoryStream("x"u8.ToArray()), default);

        await publish.Should().ThrowAsync<PackageProtectedException>();
        (await _registry.ListBlobsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Rules_of_another_type_or_name_and_push_only_rules_leave_deleting_alone()
    {
        await ProtectAsync("tool-*", push: ProtectionLevel.Admin, delete: null);
        await _registry.Get<PackageProtectionRules>().CreateAsync(Maintainer(PackageAction.ManageSettings), new PackageProtectionRule { ProjectId = 0, PackageType = "npm", PackageNamePattern = "*", MinimumAccessLevelForPush = ProtectionLevel.Admin }, default);
        var developer = As(PrincipalKind.User, AccessLevel.Developer, false, PackageAction.Publish);

        (await _registry.Get<PackagePublisher>().PublishAsync(developer, Request("other"), new MemoryStream("x"u8.ToArray()), default)).Outcome.Should().Be(PublishOutcome.Published);
        var admin = As(PrincipalKind.User, AccessLevel.None, true, PackageAction.Publish);
        var package = (await _registry.Get<PackagePublisher>().PublishAsync(admin, Request("tool-a"), new MemoryStream("x"u8.ToArray()), default)).Package.OrFail();

        (await _registry.Get<PackageDeleter>().DeletePackageAsync(As(PrincipalKind.User, AccessLevel.Maintainer, false, PackageAction.Delete), package.Id, default)).Should().BeTrue();
    }

    [Fact]
    public async Task A_protected_delete_unlist_or_file_delete_changes_nothing_for_a_maintainer_and_passes_for_an_owner()
    {
        var published = await _registry.PublishAsync("tool-a", "1.0.0");
        var package = published.Package.OrFail();
        await ProtectAsync("TOOL-*", push: null, delete: ProtectionLevel.Owner);
        var maintainer = As(PrincipalKind.User, AccessLevel.Maintainer, false, PackageAction.Delete);
        var deleter = _registry.Get<PackageDeleter>();

        (await FluentActions.Awaiting(() => deleter.DeletePackageAsync(maintainer, package.Id, default)).Should().ThrowAsync<PackageProtectedException>())
            .Which.Message.Should().Be("Package is deletion protected.");
        await FluentActions.Awaiting(() => deleter.DeleteFileAsync(maintainer, package.Id, published.File.OrFail().Id, default)).Should().ThrowAsync<PackageProtectedException>();
        await FluentActions.Awaiting(() => _registry.Get<PackageUnlister>().SetListedAsync(maintainer, TestTypes.Generic, "tool-a", "1.0.0", listed: false, default)).Should().ThrowAsync<PackageProtectedException>();
        (await _registry.Store.FindPackageByIdOrNullAsync(_registry.Project.Id, package.Id, default)).OrFail().Should().Be(package);

        (await deleter.DeletePackageAsync(As(PrincipalKind.User, AccessLevel.Owner, false, PackageAction.Delete), package.Id, default)).Should().BeTrue();
    }

    [Fact]
    public async Task A_rule_needs_a_level_and_a_pattern_and_its_pattern_once_per_type()
    {
        var rules = _registry.Get<PackageProtectionRules>();
        var manager = Maintainer(PackageAction.ManageSettings);
        var rule = new PackageProtectionRule { ProjectId = 0, PackageType = "generic", PackageNamePattern = "a*", MinimumAccessLevelForPush = ProtectionLevel.Owner };

        (await rules.CreateAsync(manager, rule with { MinimumAccessLevelForPush = null }, default)).Errors.Should().Equal(PackageProtectionRules.NoLevelMessage);
        (await rules.CreateAsync(manager, rule with { PackageNamePattern = "" }, default)).Outcome.Should().Be(ProtectionRuleWriteOutcome.Invalid);
        (await rules.CreateAsync(manager, rule with { MinimumAccessLevelForDelete = ProtectionLevel.Maintainer }, default)).Outcome.Should().Be(ProtectionRuleWriteOutcome.Invalid);
        var created = await rules.CreateAsync(manager, rule, default);
        created.Rule.OrFail().ProjectId.Should().Be(_registry.Project.Id, "a rule belongs to the authorized project");
        (await rules.CreateAsync(manager, rule, default)).Errors.Should().Equal("Package name pattern has already been taken");
        await FluentActions.Awaiting(() => rules.ListAsync(_registry.Authorized(PackageAction.Publish), default)).Should().ThrowAsync<InvalidOperationException>();
    }

    private Task<ProtectionRuleWriteResult> ProtectAsync(string pattern, ProtectionLevel? push, ProtectionLevel? delete) =>
        _registry.Get<PackageProtectionRules>().CreateAsync(
            Maintainer(PackageAction.ManageSettings),
            new PackageProtectionRule { ProjectId = 0, PackageType = TestTypes.Generic.Name, PackageNamePattern = pattern, MinimumAccessLevelForPush = push, MinimumAccessLevelForDelete = delete },
            default);

    private AuthorizedProject Maintainer(PackageAction action) => As(PrincipalKind.User, AccessLevel.Maintainer, false, action);

    private AuthorizedProject As(PrincipalKind kind, AccessLevel role, bool admin, PackageAction action)
    {
        var principal = kind == PrincipalKind.DeployToken
            ? new RegistryPrincipal { Kind = kind, DeployTokenProjectId = _registry.Project.Id, Scopes = TokenScopes.WritePackageRegistry }
            : _registry.Developer with { Kind = kind, IsAdmin = admin };
        return new AuthorizedProject(_registry.Project, principal, action, new HashSet<PackageAction> { action }, role);
    }

    private static PublishRequest Request(string name) => new() { Type = TestTypes.Generic, Name = name, Version = "1.0.0", FileName = name + ".bin", MaxBytes = 1024 };
}
