using Microsoft.Extensions.Options;
using NuGet.Versioning;
using Registry.Core.Packages;

namespace Registry.Formats.NuGet;

/// <summary>The NuGet format: <c>.nupkg</c> packages with the NuGet v3 protocol (push, restore, delete, search).</summary>
internal sealed class NuGetFormat(IOptionsMonitor<NuGetOptions> options) : IPackageFormat
{
    /// <summary>NuGet's package type: ids are case-insensitive, versions normalized by NuGet's SemVer 2 rules, without build metadata.</summary>
    internal static PackageType NuGetType { get; } = new(
        "nuget",
        id => id.ToLowerInvariant(),
        v => NuGetVersion.TryParse(v, out var parsed) ? parsed.ToNormalizedString().ToLowerInvariant() : v.ToLowerInvariant());

    public PackageType Type => NuGetType;

    /// <summary>The service index, which <c>dotnet nuget add source</c> takes.</summary>
    public string GetProjectRegistryUrl(string registryBaseUrl, string project) => $"{registryBaseUrl}/api/v4/projects/{project}/packages/nuget/index.json";

    public bool? DuplicatesAllowedByDefault => options.CurrentValue.DuplicatesAllowed;

    public void MapRoutes(PackageFormatRoutes routes)
    {
        NuGetEndpoints.Map(routes.Project);
        NuGetEndpoints.MapGroup(routes.Group);
    }

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => NuGetSnippets.For(context);
}
