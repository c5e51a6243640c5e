using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Registry.Benchmarks.Tools;

/// <summary>
/// The writer of the mixed read/write rows (issue 19): an open-loop publisher at a fixed rate, started beside wrk.
/// <c>other</c> publishes small generic files into the public project (another project than the one read);
/// <c>self</c> publishes new versions of the npm package whose packument is read (<see cref="NpmSeeder.Name"/>, in the
/// private project). Open loop: each publish starts on schedule, whether the previous ones have ended or not.
/// </summary>
internal static class WriteLoad
{
    private const int MaxInFlight = 256;

    public static async Task<int> RunAsync(Uri baseUrl, string token, int perSecond, TimeSpan duration, string target, CancellationToken cancellationToken)
    {
        if (target is not ("other" or "self") || perSecond <= 0)
        {
            await Console.Error.WriteLineAsync("write-load: target is other or self, and the rate is positive").ConfigureAwait(false);
            return 2;
        }

        using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var api = $"{baseUrl.ToString().TrimEnd('/')}/api/v4/projects";
        var run = Guid.NewGuid().ToString("N")[..8];
        var inFlight = new SemaphoreSlim(MaxInFlight);
        var tasks = new List<Task<bool>>();
        var clock = Stopwatch.StartNew();
        var count = (int)(perSecond * duration.TotalSeconds);
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken).ConfigureAwait(false);
            }

            await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            var n = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    using var content = target == "other" ? Generic(n) : Npm(run, n);
                    var url = target == "other"
                        ? $"{api}/{Uri.EscapeDataString(BenchDirectory.PublicProject)}/packages/generic/load-{run}/1.0.{n}/file.bin"
                        : $"{api}/{Uri.EscapeDataString(BenchDirectory.PrivateProject)}/packages/npm/{NpmSeeder.Name}";
                    using var response = await client.PutAsync(new Uri(url), content, cancellationToken).ConfigureAwait(false);
                    return response.IsSuccessStatusCode;
                }
                finally
                {
                    inFlight.Release();
                }
            }, cancellationToken));
        }

        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        var failed = results.Count(ok => !ok);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"write-load {target}: {results.Length} publishes in {clock.Elapsed.TotalSeconds:F1} s ({results.Length / clock.Elapsed.TotalSeconds:F1}/s), {failed} failed"));
        return failed == 0 ? 0 : 1;
    }

    private static ByteArrayContent Generic(int n)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes($"write-load file {n} {Guid.NewGuid()}"));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    private static StringContent Npm(string run, int n)
    {
        // A new version each time, small, so the cost measured is the packument's invalidation, not the upload.
        var version = $"2.{n}.0-{run}";
        return new StringContent(NpmSeeder.PublishBody(version, NpmSeeder.Tarball(version, 1024, seed: n)), Encoding.UTF8, "application/json");
    }
}
