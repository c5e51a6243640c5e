using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.NuGet;

/// <summary>
/// The NuGet v3 protocol at GitLab's project route <c>/api/v4/projects/{id}/packages/nuget</c>: service index,
/// push (<c>PUT v2/package</c>, multipart), delete (unlist or delete) and relist, flat container, registration,
/// search and autocomplete (<see cref="NuGetSearchEndpoints"/>); and, read-only, at the group route <c>/api/v4/groups/{id}/-/packages/nuget</c> over the group's projects.
/// </summary>
internal static class NuGetEndpoints
{
    internal const string PublishPath = "/v2/package";
    internal const string FlatContainerPath = "/download";
    internal const string RegistrationPath = "/metadata";
    internal const string SearchPath = "/query";
    internal const string AutocompletePath = "/autocomplete";
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;
    private const string DocumentContentType = "application/json; charset=utf-8";

    public static void Map(IEndpointRouteBuilder project)
    {
        project.MapGetAndHead("/index.json", (HttpContext context) => ServiceIndex(context, withPublish: true));
        project.MapPut(PublishPath, NuGetPublishing.PushAsync);
        // GitLab's documented push and delete paths (https://docs.gitlab.com/api/packages/nuget/): the package resource's
        // own directory (what a source without the /v2/package suffix, e.g. nuget.exe -NoServiceEndpoint, PUTs to), its
        // v2 alias, and delete beside it. Same handlers, so the same authorization and answers.
        project.MapPut("/", NuGetPublishing.PushAsync);
        project.MapPut("/v2", NuGetPublishing.PushAsync);
        project.MapDelete(PublishPath + "/{packageId}/{version}", NuGetPublishing.DeleteAsync);
        project.MapDelete("/{packageId}/{version}", NuGetPublishing.DeleteAsync);
        project.MapPost(PublishPath + "/{packageId}/{version}", NuGetPublishing.RelistAsync);
        NuGetSymbolEndpoints.MapProject(project);
        MapReads(project, EndpointScope.Project);
    }

    /// <summary>The group level is read-only: it merges the projects of the group (and its subgroups) the caller may read.</summary>
    public static void MapGroup(IEndpointRouteBuilder group)
    {
        group.MapGetAndHead("/index.json", (HttpContext context) => ServiceIndex(context, withPublish: false));
        NuGetSymbolEndpoints.MapGroup(group);
        MapReads(group, EndpointScope.Group);
    }

    private static void MapReads(IEndpointRouteBuilder routes, EndpointScope scope)
    {
        routes.MapGetAndHead(FlatContainerPath + "/{lowerId}/index.json", (HttpContext context, string id, string lowerId) => VersionsAsync(context, id, lowerId, scope));
        routes.MapGetAndHead(FlatContainerPath + "/{lowerId}/{lowerVersion}/{fileName}", (HttpContext context, string id, string lowerId, string lowerVersion, string fileName) => DownloadAsync(context, id, lowerId, lowerVersion, fileName, scope));
        routes.MapGetAndHead(RegistrationPath + "/{lowerId}/index.json", (HttpContext context, string id, string lowerId) => RegistrationIndexAsync(context, id, lowerId, scope));
        routes.MapGetAndHead(RegistrationPath + "/{lowerId}/{lowerVersion}.json", (HttpContext context, string id, string lowerId, string lowerVersion) => RegistrationLeafAsync(context, id, lowerId, lowerVersion, scope));
        routes.MapGetAndHead(RegistrationPath + "/{lowerId}/page/{page:int}.json", (HttpContext context, string id, string lowerId, int page) => RegistrationPageAsync(context, id, lowerId, page, scope));
        NuGetSearchEndpoints.Map(routes, scope);
    }

    internal static string ContentUrl(string baseUrl, string lowerId, string lowerVersion) =>
        $"{baseUrl}{FlatContainerPath}/{lowerId}/{lowerVersion}/{lowerId}.{lowerVersion}.nupkg";

    /// <summary>The stored name of a pushed package, as the flat container names it and GitLab stores it: <c>{id}.{version}.nupkg</c>, lowercase, version normalized.</summary>
    internal static string PackageFileName(string id, string version) =>
        $"{NuGetFormat.NuGetType.NormalizeName(id)}.{NuGetFormat.NuGetType.NormalizeVersion(version)}.nupkg";

    /// <summary>
    /// The service index names only URLs derived from the request, so it answers without a credential and without
    /// looking the project up: <c>dotnet nuget push -k</c> works with no stored credential and nothing leaks.
    /// </summary>
    private static IResult ServiceIndex(HttpContext context, bool withPublish) => Document(context, NuGetDocuments.ServiceIndex(BaseUrl(context), withPublish));

    private static async Task<IResult> VersionsAsync(HttpContext context, string id, string lowerId, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        return await CachedDocumentAsync(context, projects, lowerId, "versions", NuGetDocuments.VersionList).ConfigureAwait(false);
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string lowerId, string lowerVersion, string fileName, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        foreach (var project in projects)
        {
            var package = await reader.FindPackageOrNullAsync(project, NuGetFormat.NuGetType, lowerId, lowerVersion, context.RequestAborted).ConfigureAwait(false);
            if (package is not null)
            {
                return await DownloadAsync(context, reader, project, package, fileName).ConfigureAwait(false);
            }
        }

        return NotFound();
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, PackageReader reader, AuthorizedProject project, Package package, string fileName)
    {
        var name = fileName.ToLowerInvariant();
        if (name == $"{package.NormalizedName}.nuspec")
        {
            var nuspec = NuGetMetadata.FromJsonOrNull(package.Metadata)?.Nuspec;
            return nuspec is null ? NotFound() : Results.Text(nuspec, "application/xml", Encoding.UTF8);
        }

        if (name != $"{package.NormalizedName}.{package.NormalizedVersion}.nupkg")
        {
            return NotFound();
        }

        // The newest push of the .nupkg (with duplicates allowed there may be several); symbol packages sit beside it.
        var files = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
        var nupkg = files.LastOrDefault(f => f.FileName.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase));
        if (nupkg is null)
        {
            return NotFound();
        }

        var download = await reader.OpenFileOrNullAsync(project, package, nupkg, context.RequestAborted).ConfigureAwait(false);
        if (download is null)
        {
            return NotFound();
        }

        return RegistryResults.Download(context, download, null);
    }

    private static async Task<IResult> RegistrationIndexAsync(HttpContext context, string id, string lowerId, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var baseUrl = BaseUrl(context);
        return await CachedDocumentAsync(context, projects, lowerId, "registration", versions => NuGetDocuments.RegistrationIndex(baseUrl, versions[0].NormalizedName, versions)).ConfigureAwait(false);
    }

    private static async Task<IResult> RegistrationPageAsync(HttpContext context, string id, string lowerId, int page, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var baseUrl = BaseUrl(context);
        return await CachedDocumentAsync(
            context,
            projects,
            lowerId,
            "page/" + page.ToString(CultureInfo.InvariantCulture),
            versions => NuGetDocuments.RegistrationPage(baseUrl, versions[0].NormalizedName, versions, page)).ConfigureAwait(false);
    }

    /// <summary>A registration leaf: what each leaf's and catalog entry's <c>@id</c> points at.</summary>
    private static async Task<IResult> RegistrationLeafAsync(HttpContext context, string id, string lowerId, string lowerVersion, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var version = NuGetFormat.NuGetType.NormalizeVersion(lowerVersion);
        var package = (await ListVersionsAsync(context, projects, lowerId).ConfigureAwait(false)).FirstOrDefault(p => p.NormalizedVersion == version);
        return package is null ? NotFound() : Document(context, NuGetDocuments.RegistrationLeaf(BaseUrl(context), package));
    }

    /// <summary>
    /// A document rendered from every version of an id in the projects, cached per package (<see cref="DocumentCache"/>):
    /// <paramref name="render"/> runs only when a project's versions changed since it last ran; it answers null for "not found".
    /// </summary>
    private static Task<IResult> CachedDocumentAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, string lowerId, string variant, Func<IReadOnlyList<Package>, JsonObject?> render) =>
        context.RequestServices.GetRequiredService<DocumentCache>().ServeMergedAsync(
            context,
            projects,
            NuGetFormat.NuGetType,
            lowerId,
            $"nuget|{variant}|{BaseUrl(context)}",
            DocumentContentType,
            async () =>
            {
                var versions = await ListVersionsAsync(context, projects, lowerId).ConfigureAwait(false);
                return versions.Count == 0 || render(versions) is not { } document ? null : Encoding.UTF8.GetBytes(document.ToJsonString());
            },
            NotFound());

    /// <summary>Every version of an id in the projects; a version in several projects of a group counts once (the first project's).</summary>
    internal static async Task<IReadOnlyList<Package>> ListVersionsAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, string lowerId) =>
        Distinct(await ProjectsFingerprint.ListVersionsAsync(context.RequestServices.GetRequiredService<PackageReader>(), projects, NuGetFormat.NuGetType, lowerId, context.RequestAborted).ConfigureAwait(false));

    internal static List<Package> Distinct(IEnumerable<Package> packages) =>
        [.. packages.DistinctBy(p => (p.NormalizedName, p.NormalizedVersion))];

    /// <summary>The absolute URL of the service index's directory (no trailing slash), as the client reached it.</summary>
    internal static string BaseUrl(HttpContext context) => RegistryUrls.Format(context.Request, NuGetFormat.NuGetType);

    /// <summary>A JSON document with a strong ETag; answers 304 when the client has it.</summary>
    internal static IResult Document(HttpContext context, JsonObject document) =>
        RegistryResults.Document(context, Encoding.UTF8.GetBytes(document.ToJsonString()), DocumentContentType);

    internal static IResult NotFound() => Errors.NotFound();
}
