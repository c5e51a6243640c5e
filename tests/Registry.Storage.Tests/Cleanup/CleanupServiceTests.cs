using Registry.Core.Cleanup;
using Registry.Core.Publishing;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Cleanup;

/// <summary>
/// The background service: a saved policy runs one interval later (not before), then again an interval after its run;
/// nothing runs on a host while another holds the lease; and cleanup racing publishes of identical bytes and blob
/// collection never leaves a live row without its blob.
/// </summary>
public sealed class CleanupServiceTests
{
    public static TheoryData<MetadataProvider> Providers => new() { MetadataProvider.Sqlite, MetadataProvider.PostgreSql };

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task A_policy_runs_when_due_and_is_rescheduled_one_interval_after_its_run(MetadataProvider provider)
    {
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(TestTypes.Generic, "tool", "1", "2", "3");
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNVersions = 1 });
        var saved = registry.Clock.GetUtcNow();
        (await registry.Policies.FindOrNullAsync(registry.Project.Id, default))?.NextRunAt.Should().Be(saved.AddHours(12));

        registry.Clock.Advance(TimeSpan.FromHours(11));
        (await registry.Service.RunDueAsync(default)).Should().Be(0);
        (await registry.VersionsAsync(TestTypes.Generic, "tool")).Should().Equal("1", "2", "3");

        registry.Clock.Advance(TimeSpan.FromHours(2));
        (await registry.Service.RunDueAsync(default)).Should().Be(1);
        (await registry.VersionsAsync(TestTypes.Generic, "tool")).Should().Equal("3");
        (await registry.Policies.FindOrNullAsync(registry.Project.Id, default))?.NextRunAt.Should().Be(saved.AddHours(25));
        (await registry.Service.RunDueAsync(default)).Should().Be(0);
    }

    [SkippableFact]
    public async Task The_hosted_service_runs_due_policies_when_its_clock_ticks()
    {
        await using var registry = await CleanupHarness.CreateAsync(MetadataProvider.Sqlite);
        await registry.PublishDailyAsync(TestTypes.Generic, "tool", "1", "2");
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNVersions = 1 });
        await registry.Service.StartAsync(CancellationToken.None);
        try
        {
            // Each advance fires the service's check timer; the round it starts runs on the thread pool.
            for (var check = 0; check < 3000 && (await registry.VersionsAsync(TestTypes.Generic, "tool")).Count > 1; check++)
            {
                registry.Clock.Advance(TimeSpan.FromMinutes(15));
                await Task.Delay(10);
            }

            (await registry.VersionsAsync(TestTypes.Generic, "tool")).Should().Equal("2");
        }
        finally
        {
            await registry.Service.StopAsync(CancellationToken.None);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task A_host_runs_nothing_while_another_holds_the_lease_and_takes_over_when_it_expires(MetadataProvider provider)
    {
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(TestTypes.Generic, "tool", "1", "2");
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNVersions = 1 });
        registry.Clock.Advance(TimeSpan.FromHours(13));
        (await registry.Policies.TryTakeLeaseAsync("another host", registry.Clock.GetUtcNow(), TimeSpan.FromMinutes(10), default)).Should().BeTrue();

        (await registry.Service.RunDueAsync(default)).Should().Be(0);
        (await registry.VersionsAsync(TestTypes.Generic, "tool")).Should().Equal("1", "2");

        registry.Clock.Advance(TimeSpan.FromMinutes(10));
        (await registry.Service.RunDueAsync(default)).Should().Be(1);
        (await registry.VersionsAsync(TestTypes.Generic, "tool")).Should().Equal("2");
        (await registry.Policies.TryTakeLeaseAsync("another host", registry.Clock.GetUtcNow(), TimeSpan.FromMinutes(10), default)).Should().BeTrue("the service released it after its round");
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task Cleanup_racing_publishes_of_identical_bytes_and_collection_leaves_no_live_row_without_its_blob(MetadataProvider provider)
    {
        // The system clock and a grace period of zero: every blob and claim is collectable at once, the harshest case.
        await using var registry = await CleanupHarness.CreateAsync(provider, fakeClock: false, grace: TimeSpan.Zero);
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNVersions = 1 });
        using var stop = new CancellationTokenSource();
        var cleaning = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await registry.RunAsync();
                await registry.Collector.CollectAsync(CancellationToken.None);
            }
        });

        var published = 0;
        for (var round = 0; round < 5; round++)
        {
            var publishes = Enumerable.Range(0, 5)
                .Select(i => Task.Run(() => registry.PublishAsync(TestTypes.Generic, "tool", $"{round}.{i}", "tool.bin", "identical")))
                .ToList();
            foreach (var publish in publishes)
            {
                try
                {
                    await publish;
                    published++;
                }
                catch (InvalidOperationException ex) when (ex.Message.Contains("claim", StringComparison.Ordinal))
                {
                    // The publish outlived the zero grace period between claim and row: refused, nothing recorded.
                }
            }

            (await registry.LiveFilesWithoutBlobsAsync()).Should().BeEmpty();
        }

        await stop.CancelAsync();
        await cleaning;

        published.Should().BePositive();
        (await registry.LiveFilesWithoutBlobsAsync()).Should().BeEmpty();
    }
}
