using Registry.Formats.PyPI;

namespace Registry.Fuzzing.Targets;

/// <summary>
/// PyPI's distributions: a wheel (zip, <c>*.dist-info/METADATA</c>), an sdist (tar.gz, <c>PKG-INFO</c>), and the core
/// metadata text itself (RFC 822 style headers). All three answer refusals as values.
/// </summary>
internal static class PyPITarget
{
    public static void Run(byte[] input)
    {
        if (FuzzInputs.IsZip(input) || FuzzInputs.IsGzip(input))
        {
            var fileName = FuzzInputs.IsZip(input) ? "demo-1.0-py3-none-any.whl" : "demo-1.0.tar.gz";
            if (!PyPIFileName.TryParse(fileName, out var file, out var error))
            {
                throw new InvalidOperationException(error);
            }

            _ = PyPIParser.Parse(FuzzInputs.Stream(input), file, FuzzInputs.MaxUncompressedBytes, FuzzInputs.Limits());
            return;
        }

        _ = PyPICoreMetadata.ParseOrNull(input, out _);
    }
}
