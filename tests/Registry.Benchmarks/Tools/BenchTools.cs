namespace Registry.Benchmarks.Tools;

/// <summary>The helpers scripts/bench/run.sh calls: <c>tool prepare|seed-http|seed-catalog ...</c>, and issue 19's <c>tool packument-after-publish</c>.</summary>
public static class BenchTools
{
    /// <summary>Runs one helper; the exit code is the process's.</summary>
    public static async Task<int> RunAsync(string name, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        switch (name)
        {
            case "prepare" when args.Count == 2:
                await BenchDirectory.PrepareAsync(dataPath: args[0], token: args[1], CancellationToken.None);
                return 0;
            case "seed-http" when args.Count == 4:
                await HttpSeeding.RunAsync(new Uri(args[0]), token: args[1], exportRoot: args[2], versions: int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
                return 0;
            case "seed-catalog" when args.Count == 1:
                await CatalogSeeding.RunAsync(dataPath: args[0], CancellationToken.None);
                return 0;
            case "notify-latency" when args.Count == 2:
                await NotificationLatency.RunAsync(connectionString: args[0], writes: int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
                return 0;
            case "write-load" when args.Count == 5:
                return await WriteLoad.RunAsync(new Uri(args[0]), token: args[1], perSecond: int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture)), target: args[4], CancellationToken.None);
            case "packument-after-publish" when args.Count == 3:
                return await PackumentAfterPublish.RunAsync(dataPath: args[0], versions: int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), repetitions: int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
            default:
                await Console.Error.WriteLineAsync(
                    "usage: tool prepare <dataPath> <token> | tool seed-http <baseUrl> <token> <exportRoot> <versions> | tool seed-catalog <dataPath> | tool notify-latency <connectionString> <writes> | tool write-load <baseUrl> <token> <perSecond> <seconds> other|self | tool packument-after-publish <dataPath> <versions> <repetitions>");
                return 2;
        }
    }
}
