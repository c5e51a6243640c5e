using Registry.Core.Cleanup;
using Registry.Storage.Relational;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// The cleanup policies' store and the cleanup lease: one policy per project, due policies in order, a next run that a
/// concurrent save is not overwritten by, and a lease that only one of two hosts on one database gets until it expires
/// or is released. Run once per provider by the concrete subclasses.
/// </summary>
public abstract class CleanupPolicyContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = TestDatabase.Start;
    private TestDatabase _db = null!;

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    private RelationalCleanupPolicyStore Store => new(_db.Database);

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(Provider, sharedByConnections: true);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public async Task A_policy_is_saved_once_per_project_and_replaced_whole()
    {
        (await Store.FindOrNullAsync(1, default)).Should().BeNull();
        var first = new CleanupPolicy { ProjectId = 1, KeepNDuplicatedPackageFiles = 10, KeepNVersions = 3, RemoveOlderThanDays = 30, KeepVersionPattern = "^1\\.", RemoveVersionPattern = "-SNAPSHOT$", NextRunAt = Now };
        await Store.SaveAsync(first, default);
        await Store.SaveAsync(new CleanupPolicy { ProjectId = 2, KeepNVersions = 1 }, default);
        (await Store.FindOrNullAsync(1, default)).Should().Be(first);

        var cleared = CleanupPolicy.Default(1) with { RemoveOlderThanDays = 7 };
        await Store.SaveAsync(cleared, default);
        (await Store.FindOrNullAsync(1, default)).Should().Be(cleared);
        (await Store.FindOrNullAsync(2, default)).Should().Be(new CleanupPolicy { ProjectId = 2, KeepNVersions = 1 });
    }

    [ContractFact]
    public async Task Due_policies_are_listed_most_overdue_first_and_a_run_moves_only_the_schedule_it_read()
    {
        await Store.SaveAsync(new CleanupPolicy { ProjectId = 1, KeepNVersions = 1, NextRunAt = Now.AddHours(-1) }, default);
        await Store.SaveAsync(new CleanupPolicy { ProjectId = 2, KeepNVersions = 1, NextRunAt = Now.AddHours(-2) }, default);
        await Store.SaveAsync(new CleanupPolicy { ProjectId = 3, KeepNVersions = 1, NextRunAt = Now.AddHours(1) }, default);
        await Store.SaveAsync(new CleanupPolicy { ProjectId = 4 }, default);

        (await Store.ListDueAsync(Now, 10, default)).Select(p => p.ProjectId).Should().Equal(2, 1);
        (await Store.ListDueAsync(Now, 1, default)).Select(p => p.ProjectId).Should().Equal(2);

        await Store.SetNextRunAsync(2, Now.AddHours(-2), Now.AddHours(12), default);
        // Saved again while its run went on: the run's reschedule does not undo the save's.
        await Store.SaveAsync(new CleanupPolicy { ProjectId = 1, KeepNVersions = 2, NextRunAt = Now.AddHours(5) }, default);
        await Store.SetNextRunAsync(1, Now.AddHours(-1), Now.AddHours(12), default);

        (await Store.FindOrNullAsync(2, default))?.NextRunAt.Should().Be(Now.AddHours(12));
        (await Store.FindOrNullAsync(1, default))?.NextRunAt.Should().Be(Now.AddHours(5));
        (await Store.ListDueAsync(Now, 10, default)).Should().BeEmpty();
    }

    [ContractFact]
    public async Task Of_two_hosts_on_one_database_only_one_holds_the_lease_until_it_expires_or_is_released()
    {
        await using var second = _db.SecondHost();
        var other = new RelationalCleanupPolicyStore(second.Database);

        (await Store.TryTakeLeaseAsync("a", Now, TimeSpan.FromMinutes(10), default)).Should().BeTrue();
        (await other.TryTakeLeaseAsync("b", Now.AddMinutes(5), TimeSpan.FromMinutes(10), default)).Should().BeFalse();
        (await Store.TryTakeLeaseAsync("a", Now.AddMinutes(5), TimeSpan.FromMinutes(10), default)).Should().BeTrue("the holder renews it");
        (await other.TryTakeLeaseAsync("b", Now.AddMinutes(14), TimeSpan.FromMinutes(10), default)).Should().BeFalse("the renewal runs to minute 15");
        (await other.TryTakeLeaseAsync("b", Now.AddMinutes(15), TimeSpan.FromMinutes(10), default)).Should().BeTrue("a holder that died lets it expire");
        (await Store.TryTakeLeaseAsync("a", Now.AddMinutes(16), TimeSpan.FromMinutes(10), default)).Should().BeFalse();

        await Store.ReleaseLeaseAsync("a", default);
        (await Store.TryTakeLeaseAsync("a", Now.AddMinutes(16), TimeSpan.FromMinutes(10), default)).Should().BeFalse("only the holder releases it");
        await other.ReleaseLeaseAsync("b", default);
        (await Store.TryTakeLeaseAsync("a", Now.AddMinutes(16), TimeSpan.FromMinutes(10), default)).Should().BeTrue();
    }

    [ContractFact]
    public async Task Hosts_racing_for_a_free_lease_get_it_once()
    {
        await using var second = _db.SecondHost();
        var stores = new[] { Store, new RelationalCleanupPolicyStore(second.Database) };
        for (var round = 0; round < 5; round++)
        {
            var at = Now.AddHours(round);
            var takes = Enumerable.Range(0, 8)
                .Select(i => Task.Run(() => stores[i % 2].TryTakeLeaseAsync($"host-{round}-{i}", at, TimeSpan.FromMinutes(10), default)))
                .ToList();
            (await Task.WhenAll(takes)).Count(taken => taken).Should().Be(1);
        }
    }
}
