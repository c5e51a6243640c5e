using Registry.Formats.Composer;

namespace Registry.Fuzzing.Targets;

/// <summary>Composer's package zip (composer.json found at the top or one folder down) and composer.json itself; refusals are values.</summary>
internal static class ComposerTarget
{
    public static void Run(byte[] input)
    {
        if (FuzzInputs.IsZip(input))
        {
            var options = new ComposerOptions { MaxUncompressedBytes = FuzzInputs.MaxUncompressedBytes, MaxArchiveEntries = FuzzInputs.MaxEntries, Limits = FuzzInputs.Limits() };
            _ = ComposerParser.Parse(FuzzInputs.Stream(input), options);
            return;
        }

        _ = ComposerParser.ParseManifest(input);
    }
}
