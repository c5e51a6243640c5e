using Registry.Fuzzing.Targets;

namespace Registry.Formats.Tests.Fuzzing;

/// <summary>
/// The CI half of the fuzzing (docs/fuzzing.md), without AFL: every corpus input and every saved crash of every target
/// goes through the target's parser, which may refuse it only in its documented way (a value, or the exception the
/// target lists); any other exception fails the test. AFL++ itself runs through scripts/fuzz/run.sh.
/// </summary>
public sealed class CorpusReplayTests
{
    private static readonly string Inputs = Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Inputs");

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "Corpus", "Crashes" })
        {
            var root = Path.Combine(Inputs, kind);
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, file);
                data.Add(relative.Split(Path.DirectorySeparatorChar)[0], Path.Combine(kind, relative));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Input_is_parsed_or_refused_in_the_documented_way(string target, string file)
    {
        var fuzzTarget = FuzzTargets.FindOrNull(target);
        fuzzTarget.Should().NotBeNull($"{file} is in the folder of a target that does not exist");
        var input = File.ReadAllBytes(Path.Combine(Inputs, file));

        var run = () => fuzzTarget?.Run(input);

        run.Should().NotThrow();
    }

    [Fact]
    public void Every_target_has_a_seed_corpus()
    {
        foreach (var target in FuzzTargets.All)
        {
            var corpus = Path.Combine(Inputs, "Corpus", target.Name);
            Directory.Exists(corpus).Should().BeTrue($"target {target.Name} needs a corpus");
            Directory.EnumerateFiles(corpus).Should().NotBeEmpty($"target {target.Name} needs seeds");
        }
    }
}
