using Registry.Formats.Terraform;

namespace Registry.Fuzzing.Targets;

/// <summary>A Terraform module archive (tar.gz: entry paths, links that stay inside, sizes, entry count); the refusal is a value.</summary>
internal static class TerraformTarget
{
    public static void Run(byte[] input) =>
        _ = TerraformParser.InspectArchiveAsync(FuzzInputs.Stream(input), FuzzInputs.MaxUncompressedBytes, FuzzInputs.MaxEntries, CancellationToken.None).GetAwaiter().GetResult();
}
