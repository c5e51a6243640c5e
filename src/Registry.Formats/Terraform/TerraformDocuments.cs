using System.Text.Json.Serialization;
using NuGet.Versioning;
using Registry.Core.Packages;

namespace Registry.Formats.Terraform;

/// <summary>
/// The module registry protocol's documents (https://developer.hashicorp.com/terraform/internals/module-registry-protocol),
/// shaped as GitLab's <c>API::Entities::Terraform</c> entities. Pure functions.
/// </summary>
internal static class TerraformDocuments
{
    /// <summary>
    /// <c>/.well-known/terraform.json</c> (https://developer.hashicorp.com/terraform/internals/remote-service-discovery):
    /// where the modules API lives, relative to the host, with the trailing slash Terraform joins paths onto.
    /// </summary>
    public static DiscoveryDocument Discovery(string modulesPath) => new(modulesPath);

    /// <summary>The versions of one module, newest first (<c>GET :namespace/:name/:system/versions</c>).</summary>
    public static VersionsDocument Versions(IEnumerable<string> versions) =>
        new([new ModuleVersionsDocument([.. NewestFirst(versions).Select(static v => new VersionDocument(v, [], new RootDocument([], [])))])]);

    /// <summary>One version's details (<c>GET :namespace/:name/:system[/:version]</c>).</summary>
    public static DetailsDocument Details(string @namespace, TerraformModule module, IEnumerable<string> allVersions, string source) => new(
        $"{@namespace}/{module.Name}/{module.System}/{module.Version}",
        @namespace,
        module.Name,
        module.System,
        [module.System],
        module.Version,
        [.. NewestFirst(allVersions)],
        source,
        new RootDocument([], []),
        []);

    /// <summary>The highest SemVer version (release over prerelease of the same version), or null for none.</summary>
    public static string? Latest(IEnumerable<string> versions) => NewestFirst(versions).FirstOrDefault();

    /// <summary>The newest of several packages of one version across projects: the last published.</summary>
    public static T? NewestPublished<T>(IEnumerable<T> candidates, Func<T, Package> package) =>
        candidates.OrderByDescending(c => package(c).CreatedAt).FirstOrDefault();

    /// <summary>Ranks a version that is not SemVer (none is stored: publishing refuses them) below every other.</summary>
    private static readonly SemanticVersion Unparsed = new(0, 0, 0, "0");

    private static IEnumerable<string> NewestFirst(IEnumerable<string> versions) =>
        versions.Distinct(StringComparer.Ordinal)
            .Select(static v => (Text: v, Parsed: SemanticVersion.TryParse(v, out var parsed) ? parsed : Unparsed))
            .OrderByDescending(static v => v.Parsed, VersionComparer.VersionRelease)
            .ThenByDescending(static v => v.Text, StringComparer.Ordinal)
            .Select(static v => v.Text);

    internal sealed record DiscoveryDocument([property: JsonPropertyName("modules.v1")] string ModulesV1);

    internal sealed record VersionsDocument([property: JsonPropertyName("modules")] IReadOnlyList<ModuleVersionsDocument> Modules);

    internal sealed record ModuleVersionsDocument([property: JsonPropertyName("versions")] IReadOnlyList<VersionDocument> Versions);

    internal sealed record VersionDocument(
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("submodules")] IReadOnlyList<object> Submodules,
        [property: JsonPropertyName("root")] RootDocument Root);

    internal sealed record RootDocument(
        [property: JsonPropertyName("dependencies")] IReadOnlyList<object> Dependencies,
        [property: JsonPropertyName("providers")] IReadOnlyList<object> Providers);

    internal sealed record DetailsDocument(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("namespace")] string Namespace,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("provider")] string Provider,
        [property: JsonPropertyName("providers")] IReadOnlyList<string> Providers,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("versions")] IReadOnlyList<string> Versions,
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("root")] RootDocument Root,
        [property: JsonPropertyName("submodules")] IReadOnlyList<object> Submodules);
}
