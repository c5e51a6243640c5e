namespace Registry.Formats.PyPI;

/// <summary>The core metadata read from a distribution, or why it was refused.</summary>
internal sealed record PyPIParseResult(PyPICoreMetadata? Metadata, string? Error)
{
    public static PyPIParseResult Refused(string error) => new(null, error);
}
