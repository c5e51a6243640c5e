using Registry.Storage.Migration;

namespace Registry.Sample;

/// <summary>
/// <c>storage migrate</c>: moves local blobs into the configured object store while hosts keep serving, with a
/// progress bar on the console. Run it again after an interruption: it resumes.
/// </summary>
internal static class StorageMigrateCommand
{
    private const int BarWidth = 40;

    public static bool Matches(string[] args) =>
        args.Length >= 2 && args[0] == "storage" && args[1] == "migrate";

    public static async Task<int> RunAsync(IServiceProvider services)
    {
        var migrator = services.GetService<BlobStoreMigrator>();
        if (migrator is null)
        {
            await Console.Error.WriteLineAsync(
                $"storage migrate moves local blobs into object storage: set {BlobStorageOptions.SectionName}:Provider=S3 and the {BlobStorageOptions.SectionName}:S3 settings first.");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Stop between blobs; a second Ctrl+C kills the process, which the next run also recovers from.
            e.Cancel = true;
            cancel.Cancel();
        };

        var bar = new ProgressBar();
        try
        {
            var result = await migrator.MigrateAsync(bar, cancel.Token);
            Console.WriteLine();
            Console.WriteLine($"Done: {result.Copied} copied, {result.AlreadyPresent} already there, {result.Vanished} deleted meanwhile, {result.Failed} failed.");
            return result.Failed == 0 ? 0 : 1;
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine();
            Console.WriteLine("Stopped; run storage migrate again to finish.");
            return 130;
        }
    }

    /// <summary>Redraws one line in a terminal; prints a line per percent when the output is redirected.</summary>
    private sealed class ProgressBar : IProgress<BlobMigrationProgress>
    {
        private readonly Lock _lock = new();
        private long _lastPercent = -1;

        public void Report(BlobMigrationProgress value)
        {
            var percent = value.Total == 0 ? 100 : value.Done * 100 / value.Total;
            lock (_lock)
            {
                if (Console.IsOutputRedirected && percent == _lastPercent)
                {
                    return;
                }

                _lastPercent = percent;
                var filled = (int)(percent * BarWidth / 100);
                var line = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {percent,3}% {value.Done}/{value.Total} blobs, {value.BytesDone / 1048576.0:F1}/{value.TotalBytes / 1048576.0:F1} MiB";
                if (Console.IsOutputRedirected)
                {
                    Console.WriteLine(line);
                }
                else
                {
                    Console.Write("\r" + line);
                }
            }
        }
    }
}
