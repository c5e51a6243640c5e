namespace Registry.Formats.PyPI;

/// <summary>One file of a project page: a wheel or sdist, with what the simple API says about it.</summary>
/// <param name="FileName">The file's name.</param>
/// <param name="Url">Its URL, relative to the project page.</param>
/// <param name="Sha256">Its SHA-256, lowercase hex.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="UploadTime">When it was uploaded.</param>
/// <param name="RequiresPython">Its Requires-Python, or null.</param>
/// <param name="MetadataSha256">The SHA-256 of its PEP 658 <c>.metadata</c> file, or null when there is none.</param>
internal sealed record PyPIDistribution(string FileName, string Url, string Sha256, long Size, DateTimeOffset UploadTime, string? RequiresPython, string? MetadataSha256);
