using Registry.Core.Protection;
using Registry.Storage.Relational;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// The package protection rules' store: uniqueness of (project, type, pattern) as a constraint, updates and deletes
/// within the project, and that every change moves the database revision (the table is tracked), so each host's
/// revision-guarded caches see a new rule on their next request. Run once per provider by the concrete subclasses.
/// </summary>
public abstract class ProtectionRuleContract : IAsyncLifetime
{
    private TestDatabase _db = null!;

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    private RelationalPackageProtectionStore Store => new(_db.Database);

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(Provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public async Task Rules_are_created_once_per_project_type_and_pattern_and_listed_oldest_first()
    {
        var first = await Store.TryCreateAsync(Rule(1, "npm", "@acme/*", ProtectionLevel.Maintainer, null), default);
        var second = await Store.TryCreateAsync(Rule(1, "pypi", "@acme/*", null, ProtectionLevel.Owner), default);
        var elsewhere = await Store.TryCreateAsync(Rule(2, "npm", "@acme/*", ProtectionLevel.Admin, null), default);
        var again = await Store.TryCreateAsync(Rule(1, "npm", "@acme/*", ProtectionLevel.Owner, null), default);
        var otherCase = await Store.TryCreateAsync(Rule(1, "npm", "@ACME/*", ProtectionLevel.Owner, null), default);

        new[] { first, second, elsewhere, otherCase }.Select(r => r.Outcome).Should().AllBeEquivalentTo(ProtectionRuleWriteOutcome.Saved);
        again.Outcome.Should().Be(ProtectionRuleWriteOutcome.Duplicate);
        (await Store.ListAsync(1, default)).Select(r => r.Id).Should().Equal(new[] { first, second, otherCase }.Select(r => r.Rule?.Id ?? 0));
        (await Store.ListAsync(1, "npm", default)).Should().BeEquivalentTo(new[] { first.Rule, otherCase.Rule }, o => o.WithStrictOrdering());
        (await Store.ListAsync(2, "pypi", default)).Should().BeEmpty();
        first.Rule.Should().NotBeNull().And.Match<PackageProtectionRule>(r => r.Id > 0);
    }

    [ContractFact]
    public async Task An_update_changes_the_rule_of_its_project_unless_another_rule_holds_the_pattern()
    {
        var rule = (await Store.TryCreateAsync(Rule(1, "npm", "a*", ProtectionLevel.Maintainer, null), default)).Rule ?? throw new InvalidOperationException("not created");
        await Store.TryCreateAsync(Rule(1, "npm", "b*", ProtectionLevel.Maintainer, null), default);

        var changed = rule with { PackageNamePattern = "c*", MinimumAccessLevelForPush = null, MinimumAccessLevelForDelete = ProtectionLevel.Admin };
        (await Store.TryUpdateAsync(changed, default)).Should().Be(new ProtectionRuleWriteResult(ProtectionRuleWriteOutcome.Saved, changed));
        (await Store.TryUpdateAsync(changed with { PackageNamePattern = "b*" }, default)).Outcome.Should().Be(ProtectionRuleWriteOutcome.Duplicate);
        (await Store.TryUpdateAsync(changed with { ProjectId = 2 }, default)).Outcome.Should().Be(ProtectionRuleWriteOutcome.NotFound);
        (await Store.TryUpdateAsync(changed with { Id = rule.Id + 100 }, default)).Outcome.Should().Be(ProtectionRuleWriteOutcome.NotFound);
        (await Store.ListAsync(1, default)).Should().ContainSingle(r => r.Id == rule.Id).Which.Should().Be(changed);
    }

    [ContractFact]
    public async Task A_rule_is_deleted_only_in_its_project()
    {
        var rule = (await Store.TryCreateAsync(Rule(1, "npm", "a*", ProtectionLevel.Maintainer, null), default)).Rule ?? throw new InvalidOperationException("not created");

        (await Store.DeleteAsync(2, rule.Id, default)).Should().BeFalse();
        (await Store.DeleteAsync(1, rule.Id, default)).Should().BeTrue();
        (await Store.DeleteAsync(1, rule.Id, default)).Should().BeFalse();
        (await Store.ListAsync(1, default)).Should().BeEmpty();
    }

    [ContractFact]
    public async Task Every_change_moves_the_database_revision()
    {
        var before = await _db.RevisionAsync();
        var rule = (await Store.TryCreateAsync(Rule(1, "npm", "a*", ProtectionLevel.Maintainer, null), default)).Rule ?? throw new InvalidOperationException("not created");
        var created = await _db.RevisionAsync();
        await Store.TryUpdateAsync(rule with { MinimumAccessLevelForPush = ProtectionLevel.Owner }, default);
        var updated = await _db.RevisionAsync();
        await Store.DeleteAsync(1, rule.Id, default);
        var deleted = await _db.RevisionAsync();

        new[] { before, created, updated, deleted }.Should().OnlyHaveUniqueItems();
    }

    private static PackageProtectionRule Rule(long projectId, string type, string pattern, ProtectionLevel? push, ProtectionLevel? delete) => new()
    {
        ProjectId = projectId,
        PackageType = type,
        PackageNamePattern = pattern,
        MinimumAccessLevelForPush = push,
        MinimumAccessLevelForDelete = delete,
    };
}
