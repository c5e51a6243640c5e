using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's packages management API (https://docs.gitlab.com/ee/api/packages.html): project and group listings,
/// one package (with its name's other <c>versions</c>), its files and pipelines, deletion; plus <c>/details</c> (ours)
/// with the format's snippets and metadata, and <c>/package_files/{file_id}/download</c> (ours, GitLab's web
/// <c>/-/package_files/{id}/download</c>): a file by id, whatever the format, for the package page's download links.
/// Bad query parameters answer ProblemDetails (RFC 9457); refusals answer as every other registry route does.
/// </summary>
internal static class PackagesApiEndpoints
{
    private const string ProjectPackages = "/api/v4/projects/{id}/packages";
    private const string OnePackage = ProjectPackages + "/{packageId:long}";

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead(ProjectPackages, ListProjectPackagesAsync);
        root.MapGetAndHead(OnePackage, GetPackageAsync);
        root.MapGetAndHead(OnePackage + "/details", GetDetailsAsync);
        root.MapGetAndHead(OnePackage + "/package_files", ListFilesAsync);
        root.MapGetAndHead(OnePackage + "/package_files/{fileId:long}/download", DownloadFileAsync);
        root.MapGetAndHead(OnePackage + "/pipelines", ListPipelinesAsync);
        root.MapDelete(OnePackage, DeletePackageAsync);
        root.MapDelete(OnePackage + "/package_files/{fileId:long}", DeleteFileAsync);
        root.MapGetAndHead("/api/v4/groups/{id}/packages", ListGroupPackagesAsync);
    }

    private static async Task<IResult> ListProjectPackagesAsync(HttpContext context, string id)
    {
        if (PackageListRequest.TryParse(context.Request.Query, FormatNames(context), groupListing: false, out var request) is { } problem)
        {
            return problem;
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.View).ConfigureAwait(false)).Succeeded(out var authorized, out var denied))
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var page = await store.QueryAsync(request.ToQuery([authorized.Project.Id]), context.RequestAborted).ConfigureAwait(false);
        Pagination.WriteHeaders(context, page, request.Paging);
        var mayDelete = await MayDeleteAsync(context, authorized.Principal, authorized.Project).ConfigureAwait(false);
        var links = PackageLinks.For(context);
        var builds = await store.ListBuildInfosByPackageAsync([.. page.Items.Select(p => p.Id)], context.RequestAborted).ConfigureAwait(false);
        var documents = new List<PackagesApiDocuments.PackageDocument>(page.Items.Count);
        foreach (var package in await WithDownloadTimesAsync(store, page.Items, context.RequestAborted).ConfigureAwait(false))
        {
            documents.Add(PackagesApiDocuments.Package(package, authorized.Project, builds.GetValueOrDefault(package.Id, []), links, mayDelete, withProject: false));
        }

        return GitLabJson.Result(documents);
    }

    private static async Task<IResult> ListGroupPackagesAsync(HttpContext context, string id)
    {
        if (PackageListRequest.TryParse(context.Request.Query, FormatNames(context), groupListing: true, out var request) is { } problem)
        {
            return problem;
        }

        // As for projects: an unknown group answers like a private one, so anonymous callers are asked to sign in.
        if (!(await context.AuthorizeGroupProjectsAsync(id, PackageAction.View, request.ExcludeSubgroups, GroupNotFound()).ConfigureAwait(false)).Succeeded(out var groupProjects, out var failure))
        {
            return failure;
        }

        var (group, principal, allowed, _) = groupProjects;
        var anonymous = groupProjects.IsAnonymous;
        var visible = allowed.ToDictionary(p => p.Project.Id, p => p.Project);

        if (visible.Count == 0 && group.Visibility != ProjectVisibility.Public)
        {
            if (anonymous)
            {
                return RegistryResults.Unauthorized();
            }

            // An administrator sees every group, an empty one too (a group whose projects were all deleted).
            if (group.Visibility == ProjectVisibility.Private && !principal.IsAdmin)
            {
                return GroupNotFound();
            }
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var page = await store.QueryAsync(request.ToQuery(visible.Keys), context.RequestAborted).ConfigureAwait(false);
        Pagination.WriteHeaders(context, page, request.Paging);
        var links = PackageLinks.For(context);
        var mayDelete = new Dictionary<long, bool>();
        var builds = await store.ListBuildInfosByPackageAsync([.. page.Items.Select(p => p.Id)], context.RequestAborted).ConfigureAwait(false);
        var documents = new List<PackagesApiDocuments.PackageDocument>(page.Items.Count);
        foreach (var package in await WithDownloadTimesAsync(store, page.Items, context.RequestAborted).ConfigureAwait(false))
        {
            var project = visible[package.ProjectId];
            if (!mayDelete.TryGetValue(project.Id, out var canDelete))
            {
                canDelete = mayDelete[project.Id] = await MayDeleteAsync(context, principal, project).ConfigureAwait(false);
            }

            documents.Add(PackagesApiDocuments.Package(package, project, builds.GetValueOrDefault(package.Id, []), links, canDelete, withProject: true));
        }

        return GitLabJson.Result(documents);
    }

    private static async Task<IResult> GetPackageAsync(HttpContext context, string id, long packageId)
    {
        if (!(await FindPackageAsync(context, id, packageId).ConfigureAwait(false)).Succeeded(out var hit, out var failure))
        {
            return failure;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var builds = await store.ListBuildInfosAsync(hit.Package.Id, context.RequestAborted).ConfigureAwait(false);
        var mayDelete = await MayDeleteAsync(context, hit.Project.Principal, hit.Project.Project).ConfigureAwait(false);
        var versions = await OtherVersionsAsync(context, store, hit.Package).ConfigureAwait(false);
        var package = (await WithDownloadTimesAsync(store, [hit.Package], context.RequestAborted).ConfigureAwait(false))[0];
        return GitLabJson.Result(PackagesApiDocuments.Package(package, hit.Project.Project, builds, PackageLinks.For(context), mayDelete, withProject: false, versions));
    }

    /// <summary>
    /// The packages with their <c>last_downloaded_at</c>, read afresh: it is recorded in the background without moving
    /// the revision, so the (possibly cached) packages do not carry it.
    /// </summary>
    private static async Task<List<Package>> WithDownloadTimesAsync(IPackageStore store, IReadOnlyList<Package> packages, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<long, DateTimeOffset> times = packages.Count == 0
            ? new Dictionary<long, DateTimeOffset>()
            : await store.ListLastDownloadsAsync([.. packages.Select(static p => p.Id)], cancellationToken).ConfigureAwait(false);
        return [.. packages.Select(p => times.TryGetValue(p.Id, out var at) ? p with { LastDownloadedAt = at } : p)];
    }

    /// <summary>The other live versions of the package's name in its project, oldest first, with their builds.</summary>
    private static async Task<List<(Package Package, IReadOnlyList<BuildInfo> Builds)>> OtherVersionsAsync(HttpContext context, IPackageStore store, Package package)
    {
        if (FormatOrNull(context, package.Type) is not { } format)
        {
            return [];
        }

        var others = (await store.ListVersionsAsync(package.ProjectId, format.Type, package.NormalizedName, context.RequestAborted).ConfigureAwait(false))
            .Where(p => p.Id != package.Id)
            .ToList();
        var builds = await store.ListBuildInfosByPackageAsync([.. others.Select(static p => p.Id)], context.RequestAborted).ConfigureAwait(false);
        return [.. others.Select(p => (p, builds.GetValueOrDefault(p.Id, [])))];
    }

    private static async Task<IResult> GetDetailsAsync(HttpContext context, string id, long packageId)
    {
        if (!(await FindPackageAsync(context, id, packageId).ConfigureAwait(false)).Succeeded(out var hit, out var failure))
        {
            return failure;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var project = hit.Project.Project;
        var builds = await store.ListBuildInfosAsync(hit.Package.Id, context.RequestAborted).ConfigureAwait(false);
        var files = await reader.ListFilesAsync(hit.Project, hit.Package, context.RequestAborted).ConfigureAwait(false);
        var mayDelete = await MayDeleteAsync(context, hit.Project.Principal, project).ConfigureAwait(false);
        var links = PackageLinks.For(context);
        var format = FormatOrNull(context, hit.Package.Type);
        var snippets = format?.GetSnippets(new PackageSnippetContext(
            links.BaseUrl, project.Id, project.FullPath, hit.Package.Name, hit.Package.Version, [.. files.Select(static f => f.FileName)])) ?? [];
        var package = (await WithDownloadTimesAsync(store, [hit.Package], context.RequestAborted).ConfigureAwait(false))[0];
        return GitLabJson.Result(PackagesApiDocuments.Details(package, project, builds, files, snippets, links, mayDelete));
    }

    private static async Task<IResult> ListFilesAsync(HttpContext context, string id, long packageId)
    {
        if (PageRequest.TryParse(context.Request.Query, out var paging) is { } problem)
        {
            return problem;
        }

        if (!(await FindPackageAsync(context, id, packageId).ConfigureAwait(false)).Succeeded(out var hit, out var failure))
        {
            return failure;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var files = await reader.ListFilesAsync(hit.Project, hit.Package, context.RequestAborted).ConfigureAwait(false);
        return GitLabJson.Result(Pagination.Page(context, files, paging).Select(PackagesApiDocuments.File).ToList());
    }

    private static async Task<IResult> DownloadFileAsync(HttpContext context, string id, long packageId, long fileId)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Pull).ConfigureAwait(false)).Succeeded(out var authorized, out var denied))
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var package = await store.FindPackageByIdOrNullAsync(authorized.Project.Id, packageId, context.RequestAborted).ConfigureAwait(false);
        var file = package is null ? null : (await store.ListFilesAsync(package.Id, context.RequestAborted).ConfigureAwait(false)).FirstOrDefault(f => f.Id == fileId);
        var download = package is null || file is null ? null : await reader.OpenFileOrNullAsync(authorized, package, file, context.RequestAborted).ConfigureAwait(false);
        if (download is null)
        {
            return ApiProblems.NotFound("Package File");
        }

        context.Response.Headers["X-Checksum-SHA256"] = download.File.Sha256;
        return RegistryResults.Download(context, download, download.File.FileName[(download.File.FileName.LastIndexOf('/') + 1)..]);
    }

    private static async Task<IResult> ListPipelinesAsync(HttpContext context, string id, long packageId)
    {
        if (!(await FindPackageAsync(context, id, packageId).ConfigureAwait(false)).Succeeded(out var hit, out var failure))
        {
            return failure;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var builds = await store.ListBuildInfosAsync(hit.Package.Id, context.RequestAborted).ConfigureAwait(false);
        return GitLabJson.Result(builds.Select(PackagesApiDocuments.Pipeline).ToList());
    }

    private static async Task<IResult> DeletePackageAsync(HttpContext context, string id, long packageId)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Delete).ConfigureAwait(false)).Succeeded(out var authorized, out var denied))
        {
            return denied;
        }

        var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
        return await deleter.DeletePackageAsync(authorized, packageId, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : PackageNotFound();
    }

    private static async Task<IResult> DeleteFileAsync(HttpContext context, string id, long packageId, long fileId)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Delete).ConfigureAwait(false)).Succeeded(out var authorized, out var denied))
        {
            return denied;
        }

        var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
        return await deleter.DeleteFileAsync(authorized, packageId, fileId, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : ApiProblems.NotFound("Package File");
    }

    /// <summary>Authorizes View on the project and finds the package; otherwise the answer to send.</summary>
    private static async Task<Attempt<FoundPackage>> FindPackageAsync(HttpContext context, string id, long packageId)
    {
        var access = await context.AuthorizeProjectAsync(id, PackageAction.View).ConfigureAwait(false);
        if (access.Project is not { } authorized)
        {
            return Attempt<FoundPackage>.Fail(RegistryResults.Denied(access.Decision));
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var package = await store.FindPackageByIdOrNullAsync(authorized.Project.Id, packageId, context.RequestAborted).ConfigureAwait(false);
        return package is null ? Attempt<FoundPackage>.Fail(PackageNotFound()) : new FoundPackage(authorized, package);
    }

    /// <summary>Whether the caller may delete in the project; asked without failing the request (for <c>_links.delete_api_path</c>).</summary>
    private static async Task<bool> MayDeleteAsync(HttpContext context, RegistryPrincipal principal, Project project)
    {
        var access = context.RequestServices.GetRequiredService<ProjectAccessService>();
        var decision = await access.EvaluateAsync(principal, project, PackageAction.Delete, EndpointScope.Project, context.RequestAborted).ConfigureAwait(false);
        return decision.Decision.IsAllowed;
    }

    /// <summary>The registered format of a package type; null when the host no longer registers it.</summary>
    private static IPackageFormat? FormatOrNull(HttpContext context, string type) =>
        context.RequestServices.GetServices<IPackageFormat>().FirstOrDefault(f => string.Equals(f.Type.Name, type, StringComparison.Ordinal));

    private static string[] FormatNames(HttpContext context) =>
        [.. context.RequestServices.GetServices<IPackageFormat>().Select(static f => f.Type.Name)];

    private static IResult PackageNotFound() => ApiProblems.NotFound("Package");

    private static IResult GroupNotFound() => ApiProblems.NotFound("Group");

    private sealed record FoundPackage(AuthorizedProject Project, Package Package);
}
