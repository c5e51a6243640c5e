using Registry.Storage.Relational;

namespace Registry.Storage.Tests.Revisions;

public sealed class CoalescedRevisionReaderTests
{
    [Fact]
    public async Task Callers_that_arrive_during_a_read_share_the_next_read_not_the_one_in_flight()
    {
        var reads = new List<TaskCompletionSource<string>>();
        var reader = new CoalescedRevisionReader(_ =>
        {
            var read = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (reads)
            {
                reads.Add(read);
            }

            return read.Task;
        });

        var first = reader.ReadAsync(default);
        var later = Enumerable.Range(0, 10).Select(_ => reader.ReadAsync(default)).ToList();
        ReadCount().Should().Be(1, "the ten callers that arrived during the first read wait for one read of their own");

        Complete(0, "r1");
        (await first).Should().Be("r1");
        await WaitForReadsAsync(2);
        later.Should().OnlyContain(t => !t.IsCompleted, "a read that began before they arrived may have missed a commit they saw");

        Complete(1, "r2");
        (await Task.WhenAll(later)).Should().OnlyContain(r => r == "r2");
        ReadCount().Should().Be(2);

        int ReadCount()
        {
            lock (reads)
            {
                return reads.Count;
            }
        }

        void Complete(int index, string revision)
        {
            lock (reads)
            {
                reads[index].SetResult(revision);
            }
        }

        async Task WaitForReadsAsync(int count)
        {
            while (ReadCount() < count)
            {
                await Task.Delay(1);
            }
        }
    }

    [Fact]
    public async Task A_failed_read_fails_its_callers_and_the_next_caller_reads_again()
    {
        var calls = 0;
        var reader = new CoalescedRevisionReader(_ => Interlocked.Increment(ref calls) == 1
            ? Task.FromException<string>(new InvalidOperationException("connection refused"))
            : Task.FromResult("r2"));

        await reader.Invoking(r => r.ReadAsync(default)).Should().ThrowAsync<InvalidOperationException>();
        (await reader.ReadAsync(default)).Should().Be("r2");
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_read_others_wait_for()
    {
        var read = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new CoalescedRevisionReader(_ => read.Task);
        using var giveUp = new CancellationTokenSource();

        var impatient = reader.ReadAsync(giveUp.Token);
        var patient = reader.ReadAsync(default);
        await giveUp.CancelAsync();
        read.SetResult("r1");

        await impatient.Invoking(t => t).Should().ThrowAsync<OperationCanceledException>();
        (await patient).Should().Be("r1");
    }

    [Fact]
    public async Task A_synchronous_read_under_concurrent_callers_answers_every_caller()
    {
        var revision = 0;
        var reader = new CoalescedRevisionReader(_ => Task.FromResult(Interlocked.Increment(ref revision).ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => reader.ReadAsync(default))));

        answers.Should().HaveCount(200).And.OnlyContain(a => a.Length > 0);
    }
}
