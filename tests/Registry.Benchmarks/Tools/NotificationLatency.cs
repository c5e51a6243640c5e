using System.Diagnostics;
using System.Globalization;
using Registry.Core.Directory;
using Registry.Storage.PostgreSql;
using Registry.Storage.Relational;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// How stale a host can be with PostgreSQL change notifications (issue 19): host B commits a write, and the time until
/// host A's revision moves is measured, write after write. That interval is the bound within which a commit
/// acknowledged by one host may not yet be seen by another.
/// </summary>
public static class NotificationLatency
{
    /// <summary>Runs <paramref name="writes"/> writes through host B and prints the distribution of A's delays.</summary>
    public static async Task RunAsync(string connectionString, int writes, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        await using var a = new PostgreSqlDatabase(connectionString, time);
        await using var b = new PostgreSqlDatabase(connectionString, time);
        var directory = new RelationalDirectory(b, time);
        await a.EnsureInitializedAsync(cancellationToken);
        await b.EnsureInitializedAsync(cancellationToken);
        var started = Stopwatch.StartNew();
        while (!a.TryReadKnownRevision(out _) || !b.TryReadKnownRevision(out _))
        {
            if (started.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new InvalidOperationException("The hosts did not start listening within a minute.");
            }

            await Task.Delay(10, cancellationToken);
        }

        var delays = new List<double>(writes);
        var prefix = "latency-" + Guid.NewGuid().ToString("N")[..8] + "-";
        for (var i = 0; i < writes; i++)
        {
            var before = Revision(a);
            await directory.TryCreateUserAsync(prefix + i.ToString(CultureInfo.InvariantCulture), "Latency", false, cancellationToken);
            var acknowledged = Stopwatch.GetTimestamp();
            var spins = 0;
            while (Revision(a) == before)
            {
                // Spin briefly, then yield: the delivery is what is measured, not this loop's sleep granularity.
                if (++spins > 1_000)
                {
                    await Task.Yield();
                }
            }

            delays.Add(Stopwatch.GetElapsedTime(acknowledged).TotalMilliseconds);
        }

        delays.Sort();
        double At(double q) => delays[Math.Min(delays.Count - 1, (int)(q * delays.Count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"writes {writes}\tafter the commit was acknowledged, host A's revision moved within: p50 {At(0.5):F3} ms\tp99 {At(0.99):F3} ms\tp99.9 {At(0.999):F3} ms\tmax {delays[^1]:F3} ms\tload {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    }

    // The revision the directory's cache generations are filed under: host B's user rows land there.
    private static (string Base, long Counter) Revision(PostgreSqlDatabase host) =>
        host.TryReadKnownRevision(out var revision) ? (revision, host.KnownScopeCounter(RevisionScope.Directory)) : (string.Empty, -1);
}
