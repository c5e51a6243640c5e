using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Go;

/// <summary>The script of the README's <c>publish-go-module</c> GitLab CI job, read from the README itself so the test runs what users copy.</summary>
internal static class ReadmeCiJob
{
    private const string JobName = "publish-go-module:";
    private const string ScriptItem = "    - ";

    /// <summary>The job's script lines, unquoted, without the package installation (the test machine has zip already).</summary>
    public static IReadOnlyList<string> ScriptLines()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Readme);
        var start = Array.IndexOf(lines, JobName);
        if (start < 0)
        {
            throw new InvalidOperationException("the README has no publish-go-module job");
        }

        var script = Array.IndexOf(lines, "  script:", start);
        return [.. lines.Skip(script + 1)
            .TakeWhile(l => l.StartsWith(ScriptItem, StringComparison.Ordinal))
            .Select(l => Unquote(l[ScriptItem.Length..]))
            .Where(l => !l.StartsWith("apt-get ", StringComparison.Ordinal))];
    }

    private static string Unquote(string item) =>
        item.Length >= 2 && item[0] == '\'' && item[^1] == '\'' ? item[1..^1].Replace("''", "'", StringComparison.Ordinal) : item;
}
