namespace Registry.Formats.Composer;

/// <summary>One version's entry in a <c>p2</c> document: the stored package, its newest archive, and where to download it.</summary>
/// <param name="Name">The package name.</param>
/// <param name="Version">The version as listed (<c>1.2.3</c>, <c>dev-main</c>).</param>
/// <param name="NormalizedVersion">Composer's normalized form (<c>1.2.3.0</c>).</param>
/// <param name="ComposerJson">The archive's composer.json, as stored.</param>
/// <param name="Url">The archive's absolute download URL (Composer refuses relative dist URLs).</param>
/// <param name="Sha1">The SHA-1 of the archive, which Composer checks after downloading.</param>
/// <param name="Time">When the archive was published.</param>
internal sealed record ComposerDist(string Name, string Version, string NormalizedVersion, string? ComposerJson, string Url, string Sha1, DateTimeOffset Time);
