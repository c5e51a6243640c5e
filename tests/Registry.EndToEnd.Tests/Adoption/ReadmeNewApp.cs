using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Adoption;

/// <summary>
/// The README's "Wire it into your own app" section, read from the README itself so the test runs what users copy:
/// its shell commands (create the app, add the packages), its <c>Program.cs</c> and its configuration.
/// </summary>
internal sealed record ReadmeNewApp(IReadOnlyList<string> Commands, string ProgramCs, string Settings)
{
    private const string Heading = "## Wire it into your own app";

    public static ReadmeNewApp Read()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Readme);
        var start = Array.IndexOf(lines, Heading);
        if (start < 0)
        {
            throw new InvalidOperationException($"the README has no \"{Heading}\" section");
        }

        var section = lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).ToArray();
        var commands = Block(section, "sh")
            .Select(l => l.Split(" #", 2)[0])
            .SelectMany(l => l.Split("&&"))
            .Select(c => c.Trim())
            .Where(c => c.Length > 0)
            .ToArray();
        return new ReadmeNewApp(commands, string.Join('\n', Block(section, "csharp")) + "\n", string.Join('\n', Block(section, "json")));
    }

    /// <summary>The lines of the section's first fenced block in <paramref name="language"/>.</summary>
    private static IEnumerable<string> Block(string[] section, string language)
    {
        var open = Array.IndexOf(section, "```" + language);
        if (open < 0)
        {
            throw new InvalidOperationException($"the README's \"{Heading}\" section has no {language} block");
        }

        return section.Skip(open + 1).TakeWhile(l => l != "```");
    }
}
