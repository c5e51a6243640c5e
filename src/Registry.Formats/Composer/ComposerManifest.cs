using System.Text.Json.Nodes;

namespace Registry.Formats.Composer;

/// <summary>What a package's <c>composer.json</c> says (https://getcomposer.org/doc/04-schema.md), as the archive carries it.</summary>
/// <param name="Name">The package name, <c>vendor/package</c>, lowercase.</param>
/// <param name="Version">The <c>version</c> field, when the file has one (packages published from a VCS usually do not).</param>
/// <param name="Json">The whole object, served in the version's entry of the <c>p2</c> document.</param>
internal sealed record ComposerManifest(string Name, string? Version, JsonObject Json);
