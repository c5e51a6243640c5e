using Registry.Formats.Npm;

namespace Registry.Fuzzing.Targets;

/// <summary>
/// npm's tarball (the decoded <c>_attachments</c> data): gzip, tar, entry paths and links, package/package.json read
/// under its size and JSON limits. <see cref="NpmParser.InspectTarball"/> answers every refusal as a string.
/// </summary>
internal static class NpmTarballTarget
{
    public static void Run(byte[] input)
    {
        var options = new NpmOptions { MaxUncompressedBytes = FuzzInputs.MaxUncompressedBytes, Limits = FuzzInputs.Limits() };
        _ = NpmParser.InspectTarball(FuzzInputs.Stream(input), "demo", "1.0.0", options);
    }
}
