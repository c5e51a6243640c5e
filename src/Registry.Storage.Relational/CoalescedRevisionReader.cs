namespace Registry.Storage.Relational;

/// <summary>
/// Reads the database's revision for many concurrent requests with one query at a time: a request that arrives while
/// a read is in flight waits for the next read, which starts when the current one ends and answers every request that
/// joined it.
/// </summary>
/// <remarks>
/// A request may not share a read that began before it arrived: that read may have missed a commit the request's
/// client has already seen acknowledged (a publish through another host, say). The next read begins after every
/// request that joined it arrived, so each still gets a revision read after it arrived, and the guarantee of
/// <see cref="RevisionCache"/> is unchanged. Under load the database then answers about one revision query per round
/// trip instead of one per request (at 32 concurrent connections, one query served ~16 requests), at the price of
/// waiting for at most one query in flight.
/// </remarks>
internal sealed class CoalescedRevisionReader(Func<CancellationToken, Task<string>> read)
{
    private readonly Lock _lock = new();
    private bool _reading;
    private TaskCompletionSource<string>? _next;

    /// <summary>A revision read that began after this call did.</summary>
    /// <param name="cancellationToken">Stops this caller waiting; a shared read runs on for the others.</param>
    /// <returns>The revision.</returns>
    public Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<string> joined;
        lock (_lock)
        {
            if (_reading)
            {
                // RunContinuationsAsynchronously: completing the batch must not run every waiter's request inline.
                _next ??= new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                return _next.Task.WaitAsync(cancellationToken);
            }

            _reading = true;
            joined = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = RunAsync(joined);
        return joined.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(TaskCompletionSource<string> batch)
    {
        while (true)
        {
            try
            {
                // No caller's token: the read serves every request that joined it, not only the first.
                batch.SetResult(await read(CancellationToken.None).ConfigureAwait(false));
            }
#pragma warning disable CA1031 // Every waiter gets the failure; nothing is swallowed.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                batch.SetException(ex);
            }

            lock (_lock)
            {
                if (_next is null)
                {
                    _reading = false;
                    return;
                }

                batch = _next;
                _next = null;
            }

            // A dialect whose read completes synchronously (SQLite) would otherwise keep the first caller's thread
            // serving batch after batch under load, and its own request would never return.
            await Task.Yield();
        }
    }
}
