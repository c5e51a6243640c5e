using System.Diagnostics;

namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>Finds and runs the real clients.</summary>
public static class ExternalTool
{
    public static bool E2ERequired => Environment.GetEnvironmentVariable("REGISTRY_E2E_REQUIRED") == "1";

    public static string? FindOrNull(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// The first <c>python3</c> on <c>PATH</c> that imports every one of <paramref name="modules"/>, as a full path; null
    /// when none does. Each candidate is asked with <c>python3 -c "import ..."</c>.
    /// </summary>
    public static string? FindPythonWithOrNull(params string[] modules)
    {
        var probe = "import " + string.Join(", ", modules);
        foreach (var candidate in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                     .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                     .Select(dir => Path.Combine(dir, "python3"))
                     .Where(File.Exists)
                     .Distinct(StringComparer.Ordinal))
        {
            var info = new ProcessStartInfo(candidate) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(probe);
            using var process = Process.Start(info);
            if (process is null)
            {
                continue;
            }

            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (process.WaitForExit(TimeSpan.FromMinutes(1)) && process.ExitCode == 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs a tool to completion; returns exit code and output. Arguments are passed as a list, never through a shell.</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string executable, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = FindOrNull(executable) ?? throw new InvalidOperationException($"{executable} is not installed");
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} did not finish in time");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
