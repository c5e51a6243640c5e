namespace Registry.Formats.Npm;

/// <summary>
/// One version's part of a packument, rendered once per change of its row (<see cref="Protocol.DocumentFragmentCache"/>):
/// the UTF-8 JSON of <c>versions[v]</c> and, for the full packument's <c>maintainers</c>, who published it.
/// </summary>
internal sealed record NpmVersionFragment(byte[] Json, string? Publisher)
{
    /// <summary>What the fragment weighs in a cache, in bytes.</summary>
    public long Size => Json.Length + ((Publisher?.Length ?? 0) * sizeof(char));
}
