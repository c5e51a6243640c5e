namespace Registry.Core.Deleting;

/// <summary>The loop of the registry's background services: a round every interval on the registry's clock, until the host stops.</summary>
internal static class PeriodicRounds
{
    /// <summary>
    /// Runs <paramref name="round"/> every <paramref name="interval"/> until <paramref name="stoppingToken"/> is cancelled.
    /// A round that fails is reported to <paramref name="failed"/> and the next tick retries: one failure must not stop
    /// the service for the host's lifetime.
    /// </summary>
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> round, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        await RunAsync(timer, round, failed, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="round"/> at every tick of <paramref name="timer"/>, as the other overload does; for a service
    /// whose first interval must count from its start, not from whenever the host's thread pool runs the loop.
    /// </summary>
    public static async Task RunAsync(PeriodicTimer timer, Func<CancellationToken, Task> round, Action<Exception> failed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await round(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    failed(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping, or was disposed without stopping (test harnesses): not a failure.
        }
    }
}
