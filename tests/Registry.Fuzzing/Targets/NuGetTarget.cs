using Registry.Formats.NuGet;

namespace Registry.Fuzzing.Targets;

/// <summary>
/// NuGet's .nupkg/.snupkg (a zip: entry limit from the end record, the .nuspec under its size, XML without DTD, then
/// portable PDBs of a symbol package) and a bare .nuspec. Both answer refusals as values, never by throwing.
/// </summary>
internal static class NuGetTarget
{
    public static void Run(byte[] input)
    {
        if (FuzzInputs.IsZip(input))
        {
            using var symbols = NuGetSymbolPackage.ReadOrNull(FuzzInputs.Stream(input), FuzzInputs.MaxUncompressedBytes, FuzzInputs.MaxEntries, out _);
            return;
        }

        _ = NuGetParser.FromNuspec(FuzzInputs.Text(input));
    }
}
