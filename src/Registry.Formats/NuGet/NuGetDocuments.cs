using System.Globalization;
using System.Text.Json.Nodes;
using NuGet.Versioning;
using Registry.Core.Packages;

namespace Registry.Formats.NuGet;

/// <summary>
/// The NuGet v3 documents (https://learn.microsoft.com/nuget/api/overview): service index, flat container version
/// list, registration index and pages (leaves inlined), search results and autocomplete. Every URL is absolute and under the
/// service index's directory, where NuGet pre-authenticates.
/// </summary>
internal static class NuGetDocuments
{
    /// <summary>Registration pages hold at most this many versions, as on nuget.org.</summary>
    internal const int PageSize = 128;

    private static readonly (string Path, string[] Types)[] Resources =
    [
        (NuGetEndpoints.PublishPath, ["PackagePublish/2.0.0"]),
        (NuGetSymbolEndpoints.PublishPath, ["SymbolPackagePublish/4.9.0"]),
        (NuGetEndpoints.FlatContainerPath + "/", ["PackageBaseAddress/3.0.0"]),
        (NuGetEndpoints.RegistrationPath + "/", ["RegistrationsBaseUrl", "RegistrationsBaseUrl/3.0.0-rc", "RegistrationsBaseUrl/3.0.0-beta", "RegistrationsBaseUrl/3.4.0", "RegistrationsBaseUrl/3.6.0"]),
        // NuGet.Client resolves search only through /3.0.0-beta or /3.4.0 (dotnet package search); the others are the documented names.
        (NuGetEndpoints.SearchPath, ["SearchQueryService", "SearchQueryService/3.0.0-beta", "SearchQueryService/3.0.0-rc", "SearchQueryService/3.4.0", "SearchQueryService/3.5.0"]),
        (NuGetEndpoints.AutocompletePath, ["SearchAutocompleteService", "SearchAutocompleteService/3.0.0-beta", "SearchAutocompleteService/3.0.0-rc"]),
    ];

    /// <param name="baseUrl">The absolute URL of the service index's directory, without a trailing slash.</param>
    /// <param name="withPublish">Whether to list the publish resource (not at the read-only group level).</param>
    public static JsonObject ServiceIndex(string baseUrl, bool withPublish)
    {
        var resources = new JsonArray();
        foreach (var (path, types) in Resources.Where(r => withPublish || (r.Path != NuGetEndpoints.PublishPath && r.Path != NuGetSymbolEndpoints.PublishPath)))
        {
            foreach (var type in types)
            {
                resources.Add(new JsonObject
                {
                    ["@id"] = baseUrl + path,
                    ["@type"] = type,
                    ["comment"] = CommentOf(type),
                });
            }
        }

        return new JsonObject { ["version"] = "3.0.0", ["resources"] = resources };
    }

    public static JsonObject VersionList(IEnumerable<Package> packages) => new()
    {
        ["versions"] = new JsonArray([.. Sorted(packages).Select(p => (JsonNode)JsonValue.Create(p.Package.NormalizedVersion))]),
    };

    /// <summary>The registration index: one page with its leaves inlined, or pages to fetch by <c>@id</c> when there are more than <see cref="PageSize"/> versions.</summary>
    public static JsonObject RegistrationIndex(string baseUrl, string lowerId, IEnumerable<Package> packages)
    {
        var sorted = Sorted(packages);
        var inline = sorted.Count <= PageSize;
        var pages = new JsonArray();
        var pageCount = (sorted.Count + PageSize - 1) / PageSize;
        for (var page = 0; page < pageCount; page++)
        {
            pages.Add(Page(baseUrl, lowerId, sorted, page, inline));
        }

        return new JsonObject
        {
            ["@id"] = $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/index.json",
            ["@type"] = new JsonArray("catalog:CatalogRoot", "PackageRegistration", "catalog:Permalink"),
            ["count"] = pageCount,
            ["items"] = pages,
        };
    }

    /// <summary>One registration page with its leaves, or null when there is no such page.</summary>
    public static JsonObject? RegistrationPage(string baseUrl, string lowerId, IEnumerable<Package> packages, int page)
    {
        var sorted = Sorted(packages);
        return page < 0 || page * PageSize >= sorted.Count ? null : Page(baseUrl, lowerId, sorted, page, withItems: true);
    }

    /// <summary>
    /// A registration leaf (https://learn.microsoft.com/nuget/api/registration-base-url-resource#registration-leaf),
    /// with the catalog entry inlined as GitLab's version metadata service does, so that the leaf's and the catalog
    /// entry's <c>@id</c> resolve.
    /// </summary>
    public static JsonObject RegistrationLeaf(string baseUrl, Package package)
    {
        var leaf = Leaf(baseUrl, package, NuGetMetadata.FromJsonOrNull(package.Metadata));
        leaf["@type"] = new JsonArray("Package", "http://schema.nuget.org/catalog#Permalink");
        leaf["listed"] = leaf["catalogEntry"]?["listed"]?.DeepClone();
        leaf["published"] = package.CreatedAt;
        return leaf;
    }

    /// <summary>Search results: one entry per id, its listed versions (filtered by the caller) newest last.</summary>
    public static JsonObject Search(string baseUrl, IReadOnlyList<IReadOnlyList<Package>> matches, int totalHits)
    {
        var data = new JsonArray();
        foreach (var versions in matches)
        {
            var sorted = Sorted(versions);
            var (latest, meta) = sorted[^1];
            var id = DisplayId(sorted);
            var lowerId = latest.NormalizedName;
            data.Add(new JsonObject
            {
                ["@id"] = $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/index.json",
                ["@type"] = "Package",
                ["registration"] = $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/index.json",
                ["id"] = id,
                ["version"] = meta?.Version ?? latest.Version,
                ["description"] = meta?.Description ?? string.Empty,
                ["summary"] = meta?.Summary ?? string.Empty,
                ["title"] = meta?.Title ?? id,
                ["projectUrl"] = meta?.ProjectUrl,
                ["iconUrl"] = meta?.IconUrl,
                ["licenseUrl"] = meta?.LicenseUrl,
                ["tags"] = Tags(meta?.Tags),
                ["authors"] = new JsonArray([.. Split(meta?.Authors, ',').Select(a => (JsonNode)JsonValue.Create(a))]),
                ["totalDownloads"] = 0,
                ["verified"] = false,
                ["packageTypes"] = new JsonArray(new JsonObject { ["name"] = "Dependency" }),
                ["versions"] = new JsonArray([.. sorted.Select(v => (JsonNode)new JsonObject
                {
                    ["version"] = v.Metadata?.Version ?? v.Package.Version,
                    ["downloads"] = 0,
                    ["@id"] = $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/{v.Package.NormalizedVersion}.json",
                })]),
            });
        }

        return new JsonObject { ["totalHits"] = totalHits, ["data"] = data };
    }

    /// <summary>
    /// Autocomplete of package ids (https://learn.microsoft.com/nuget/api/search-autocomplete-service-resource#search-for-package-ids):
    /// each id as its newest version spells it.
    /// </summary>
    public static JsonObject AutocompleteIds(IReadOnlyList<IReadOnlyList<Package>> matches, int totalHits) => new()
    {
        ["totalHits"] = totalHits,
        ["data"] = new JsonArray([.. matches.Select(versions => (JsonNode)JsonValue.Create(DisplayId(Sorted(versions))))]),
    };

    /// <summary>
    /// Autocomplete of one id's versions (https://learn.microsoft.com/nuget/api/search-autocomplete-service-resource#enumerate-package-versions),
    /// oldest first, as the search result's versions are spelled.
    /// </summary>
    public static JsonObject AutocompleteVersions(IEnumerable<Package> versions)
    {
        var sorted = Sorted(versions);
        return new JsonObject
        {
            ["totalHits"] = sorted.Count,
            ["data"] = new JsonArray([.. sorted.Select(v => (JsonNode)JsonValue.Create(v.Metadata?.Version ?? v.Package.Version))]),
        };
    }

    /// <summary>The id as the newest of <paramref name="sorted"/> (non-empty, oldest first) spells it.</summary>
    private static string DisplayId(List<(Package Package, NuGetMetadata? Metadata)> sorted) => sorted[^1].Metadata?.Id ?? sorted[^1].Package.Name;

    /// <summary>Packages with their parsed metadata, in NuGet version order (oldest first).</summary>
    internal static List<(Package Package, NuGetMetadata? Metadata)> Sorted(IEnumerable<Package> packages) =>
        [.. packages
            .Select(p => (Package: p, Metadata: NuGetMetadata.FromJsonOrNull(p.Metadata)))
            .OrderBy(p => NuGetVersion.TryParse(p.Package.Version, out var v) ? v : new NuGetVersion(0, 0, 0))];

    private static JsonObject Page(string baseUrl, string lowerId, List<(Package Package, NuGetMetadata? Metadata)> sorted, int page, bool withItems)
    {
        var slice = sorted.Skip(page * PageSize).Take(PageSize).ToList();
        var result = new JsonObject
        {
            ["@id"] = withItems && sorted.Count <= PageSize
                ? $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/index.json#page/{Lower(slice)}/{Upper(slice)}"
                : $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/page/{page.ToString(CultureInfo.InvariantCulture)}.json",
            ["@type"] = "catalog:CatalogPage",
            ["count"] = slice.Count,
            ["lower"] = Lower(slice),
            ["upper"] = Upper(slice),
            ["parent"] = $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/index.json",
        };
        if (withItems)
        {
            result["items"] = new JsonArray([.. slice.Select(p => (JsonNode)Leaf(baseUrl, p.Package, p.Metadata))]);
        }

        return result;
    }

    private static string Lower(List<(Package Package, NuGetMetadata? Metadata)> slice) => slice[0].Package.NormalizedVersion;

    private static string Upper(List<(Package Package, NuGetMetadata? Metadata)> slice) => slice[^1].Package.NormalizedVersion;

    private static JsonObject Leaf(string baseUrl, Package package, NuGetMetadata? meta)
    {
        var lowerId = package.NormalizedName;
        var lowerVersion = package.NormalizedVersion;
        var leafUrl = $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/{lowerVersion}.json";
        var listed = package.Status != PackageStatus.Hidden;
        var content = NuGetEndpoints.ContentUrl(baseUrl, lowerId, lowerVersion);
        var groups = new JsonArray();
        foreach (var group in meta?.DependencyGroups ?? [])
        {
            var node = new JsonObject
            {
                ["@type"] = "PackageDependencyGroup",
                ["dependencies"] = new JsonArray([.. group.Dependencies.Select(d => (JsonNode)new JsonObject
                {
                    ["@type"] = "PackageDependency",
                    ["id"] = d.Id,
                    ["range"] = d.Range,
                    ["registration"] = $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{d.Id.ToLowerInvariant()}/index.json",
                })]),
            };
            if (group.TargetFramework is { } framework)
            {
                node["targetFramework"] = framework;
            }

            groups.Add(node);
        }

        return new JsonObject
        {
            ["@id"] = leafUrl,
            ["@type"] = "Package",
            ["commitTimeStamp"] = package.UpdatedAt,
            ["packageContent"] = content,
            ["registration"] = $"{baseUrl}{NuGetEndpoints.RegistrationPath}/{lowerId}/index.json",
            ["catalogEntry"] = new JsonObject
            {
                ["@id"] = leafUrl,
                ["@type"] = "PackageDetails",
                ["id"] = meta?.Id ?? package.Name,
                ["version"] = meta?.Version ?? package.Version,
                ["authors"] = meta?.Authors ?? string.Empty,
                ["description"] = meta?.Description ?? string.Empty,
                ["title"] = meta?.Title ?? string.Empty,
                ["summary"] = meta?.Summary ?? string.Empty,
                ["tags"] = Tags(meta?.Tags),
                ["projectUrl"] = meta?.ProjectUrl ?? string.Empty,
                ["iconUrl"] = meta?.IconUrl ?? string.Empty,
                ["licenseUrl"] = meta?.LicenseUrl ?? string.Empty,
                ["licenseExpression"] = meta?.LicenseExpression ?? string.Empty,
                ["requireLicenseAcceptance"] = meta?.RequireLicenseAcceptance ?? false,
                ["listed"] = listed,
                ["published"] = package.CreatedAt,
                ["packageContent"] = content,
                ["dependencyGroups"] = groups,
            },
        };
    }

    private static JsonArray Tags(string? tags) =>
        new([.. Split(tags, ' ', ',').Select(t => (JsonNode)JsonValue.Create(t))]);

    private static string[] Split(string? value, params char[] separators) =>
        (value ?? string.Empty).Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string CommentOf(string type) => type switch
    {
        _ when type.StartsWith("PackagePublish", StringComparison.Ordinal) => "Push, delete (unlist) and relist packages",
        _ when type.StartsWith("SymbolPackagePublish", StringComparison.Ordinal) => "Push symbol packages (.snupkg)",
        _ when type.StartsWith("PackageBaseAddress", StringComparison.Ordinal) => "Flat container: version lists, .nupkg and .nuspec downloads",
        _ when type.StartsWith("RegistrationsBaseUrl", StringComparison.Ordinal) => "Package metadata (registration)",
        _ when type.StartsWith("SearchAutocompleteService", StringComparison.Ordinal) => "Autocomplete package ids and versions",
        _ => "Search packages",
    };
}
