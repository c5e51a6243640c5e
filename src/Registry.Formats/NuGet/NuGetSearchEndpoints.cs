using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NuGet.Versioning;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.NuGet;

/// <summary>
/// The NuGet search resources at project and group level, over one listing so they never disagree: the search query
/// service (https://learn.microsoft.com/nuget/api/search-query-service-resource) and the search autocomplete service
/// (https://learn.microsoft.com/nuget/api/search-autocomplete-service-resource), both hiding unlisted versions and
/// honouring <c>prerelease</c> and <c>semVerLevel</c>.
/// </summary>
internal static class NuGetSearchEndpoints
{
    private const int MaxSearchScan = 2000;
    private const int DefaultTake = 20;
    private const int MaxTake = 1000;

    public static void Map(IEndpointRouteBuilder routes, EndpointScope scope)
    {
        routes.MapGetAndHead(NuGetEndpoints.SearchPath, (HttpContext context, string id, string? q, int? skip, int? take, bool? prerelease, string? semVerLevel) => SearchAsync(context, id, q, skip, take, prerelease, semVerLevel, scope));
        // The route's {id} is the project or group; the autocomplete's own "id" query parameter names the package.
        routes.MapGetAndHead(NuGetEndpoints.AutocompletePath, (HttpContext context, [FromRoute] string id, [FromQuery(Name = "id")] string? packageId, string? q, int? skip, int? take, bool? prerelease, string? semVerLevel) =>
            AutocompleteAsync(context, id, packageId, q, skip, take, prerelease, semVerLevel, scope));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, string id, string? q, int? skip, int? take, bool? prerelease, string? semVerLevel, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var matches = await MatchesAsync(context, projects, q, Admits(prerelease, semVerLevel)).ConfigureAwait(false);
        return NuGetEndpoints.Document(context, NuGetDocuments.Search(NuGetEndpoints.BaseUrl(context), Page(matches, skip, take), matches.Count));
    }

    /// <summary>Package ids matching <paramref name="q"/> or, with <paramref name="packageId"/>, that package's versions.</summary>
    private static async Task<IResult> AutocompleteAsync(HttpContext context, string id, string? packageId, string? q, int? skip, int? take, bool? prerelease, string? semVerLevel, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var admits = Admits(prerelease, semVerLevel);
        if (!string.IsNullOrWhiteSpace(packageId))
        {
            var versions = await NuGetEndpoints.ListVersionsAsync(context, projects, NuGetFormat.NuGetType.NormalizeName(packageId.Trim())).ConfigureAwait(false);
            return NuGetEndpoints.Document(context, NuGetDocuments.AutocompleteVersions(versions.Where(admits)));
        }

        var matches = await MatchesAsync(context, projects, q, admits).ConfigureAwait(false);
        return NuGetEndpoints.Document(context, NuGetDocuments.AutocompleteIds(Page(matches, skip, take), matches.Count));
    }

    /// <summary>
    /// The versions the caller may list, per id (ordered by id) whose name contains <paramref name="q"/>: a version in
    /// several projects of a group counts once, and <paramref name="admits"/> drops the unlisted and filtered ones.
    /// </summary>
    private static async Task<List<IReadOnlyList<Package>>> MatchesAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, string? q, Func<Package, bool> admits)
    {
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var found = new List<Package>();
        for (var pageNumber = 1; found.Count < MaxSearchScan; pageNumber++)
        {
            var result = await store.QueryAsync(new PackageQuery
            {
                ProjectIds = [.. projects.Select(p => p.Project.Id)],
                PackageType = NuGetFormat.NuGetType.Name,
                NameContains = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
                Page = pageNumber,
                PerPage = 100,
            }, context.RequestAborted).ConfigureAwait(false);
            found.AddRange(result.Items);
            if (result.Items.Count < 100)
            {
                break;
            }
        }

        return [.. NuGetEndpoints.Distinct(found)
            .Where(admits)
            .GroupBy(p => p.NormalizedName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<Package>)[.. g])];
    }

    /// <summary>
    /// Listed versions only; prerelease versions only when asked for, and SemVer 2.0.0 versions only for a client that
    /// declares <c>semVerLevel=2.0.0</c> (older clients cannot parse them).
    /// </summary>
    private static Func<Package, bool> Admits(bool? prerelease, string? semVerLevel)
    {
        var semVer2 = semVerLevel is not null && NuGetVersion.TryParse(semVerLevel, out var level) && level.Major >= 2;
        return p => p.Status != PackageStatus.Hidden
            && NuGetVersion.TryParse(p.Version, out var v)
            && (prerelease == true || !v.IsPrerelease)
            && (semVer2 || !v.IsSemVer2);
    }

    private static List<T> Page<T>(List<T> items, int? skip, int? take) =>
        [.. items.Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? DefaultTake, 0, MaxTake))];
}
