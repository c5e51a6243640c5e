using Registry.Formats.Go;

namespace Registry.Fuzzing.Targets;

/// <summary>A Go module zip (golang.org/x/mod/zip's rules) and a go.mod's module line; refusals are values.</summary>
internal static class GoTarget
{
    public static void Run(byte[] input)
    {
        if (FuzzInputs.IsZip(input))
        {
            _ = GoParser.Parse(FuzzInputs.Stream(input), FuzzInputs.MaxUncompressedBytes, FuzzInputs.MaxEntries);
            return;
        }

        _ = GoModFile.ModulePathOrNull(input);
    }
}
