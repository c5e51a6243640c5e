using Registry.Storage.PostgreSql;
using Registry.Storage.Relational;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

/// <summary>
/// <see cref="PostgreSqlOptions.MaxConcurrentWrites"/>: a host runs at most that many write units at once and queues the
/// rest, because concurrent serializable writers abort each other and each loser runs again (issue 19's burst of
/// publishes); a unit run inside another one never waits for a slot, so nesting cannot deadlock.
/// </summary>
[RequiresPostgreSql]
public sealed class PostgreSqlWriteSlotTests
{
    // Generous: only a deadlock or a lost wake-up gets near it, and then the test fails instead of hanging.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [ContractFact]
    public async Task No_more_write_units_run_at_once_than_the_bound_and_every_queued_one_runs()
    {
        await using var test = await TestDatabase.CreateAsync(MetadataProvider.PostgreSql, maxConcurrentWrites: 2);
        var database = test.Database;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var mostAtOnce = 0;
        var entered = new SemaphoreSlim(0);

        var units = Enumerable.Range(0, 6).Select(i => database.WriteAsync(
            async (connection, transaction) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref mostAtOnce, now);
                entered.Release();
                await connection.ExecuteAsync(transaction, "SELECT 1", default);
                await release.Task;
                Interlocked.Decrement(ref running);
                return i;
            },
            default)).ToList();

        (await entered.WaitAsync(Patience)).Should().BeTrue();
        (await entered.WaitAsync(Patience)).Should().BeTrue();

        // Two hold the slots and wait for the release; a third entering would be the bound broken. The wait only gives
        // a broken bound the time to show: a correct one passes however slow the machine.
        (await entered.WaitAsync(TimeSpan.FromMilliseconds(300))).Should().BeFalse("both slots are held");
        release.SetResult();

        (await Task.WhenAll(units).WaitAsync(Patience)).Should().BeEquivalentTo(Enumerable.Range(0, 6));
        mostAtOnce.Should().Be(2);
    }

    [ContractFact]
    public async Task A_write_unit_inside_another_uses_its_slot()
    {
        await using var test = await TestDatabase.CreateAsync(MetadataProvider.PostgreSql, maxConcurrentWrites: 1);
        var database = test.Database;

        var inner = await database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(transaction, "SELECT 1", default);
                return await database.WriteAsync(
                    async (innerConnection, innerTransaction) => await innerConnection.ScalarAsync(innerTransaction, "SELECT 41 + 1", default),
                    default);
            },
            default).WaitAsync(Patience);

        Convert.ToInt32(inner, System.Globalization.CultureInfo.InvariantCulture).Should().Be(42);
    }

    [ContractFact]
    public async Task A_unit_waiting_for_a_slot_stops_when_cancelled_and_takes_none()
    {
        await using var test = await TestDatabase.CreateAsync(MetadataProvider.PostgreSql, maxConcurrentWrites: 1);
        var database = test.Database;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = database.WriteAsync(
            async (connection, transaction) =>
            {
                entered.SetResult();
                await release.Task;
                return 1;
            },
            default);
        await entered.Task.WaitAsync(Patience);

        using var cancel = new CancellationTokenSource();
        var ran = false;
        var waiting = database.WriteAsync((connection, transaction) => Task.FromResult(ran = true), cancel.Token);
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => waiting.WaitAsync(Patience)).Should().ThrowAsync<OperationCanceledException>();
        release.SetResult();
        (await holder.WaitAsync(Patience)).Should().Be(1);
        ran.Should().BeFalse();

        // The cancelled waiter took no slot: the next unit still gets the only one.
        (await database.WriteAsync((connection, transaction) => Task.FromResult(2), default).WaitAsync(Patience)).Should().Be(2);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
