using Registry.Formats.Maven;

namespace Registry.Fuzzing.Targets;

/// <summary>
/// Maven's uploaded XML: a POM and a maven-metadata.xml, each read whole under the depth, element and character limits
/// with DTDs refused. Both answer refusals as strings; every input goes through both.
/// </summary>
internal static class MavenTarget
{
    public static void Run(byte[] input)
    {
        var limits = FuzzInputs.Limits();
        _ = MavenParser.ValidatePom(FuzzInputs.Stream(input), "demo", limits);
        if (!MavenParser.ParsePath("com/example/demo/1.0/maven-metadata.xml").Succeeded(out var path, out var error))
        {
            throw new InvalidOperationException(error.Message);
        }

        _ = MavenParser.ValidateMetadata(FuzzInputs.Stream(input), path, limits);
    }
}
