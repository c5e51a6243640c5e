using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Usage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's projects API (https://docs.gitlab.com/ee/api/projects.html): list and read visible projects; maintainers
/// of a group (and administrators) create projects in it; maintainers change <c>package_registry_access_level</c>,
/// owners also the visibility, and delete it. A project is never more visible than its group.
/// </summary>
internal static class ProjectsApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead("/api/v4/projects", (Delegate)ListAllAsync);
        root.MapGetAndHead("/api/v4/projects/{id}", GetAsync);
        root.MapPost("/api/v4/projects", (Delegate)CreateAsync);
        root.MapPut("/api/v4/projects/{id}", UpdateAsync);
        root.MapDelete("/api/v4/projects/{id}", DeleteAsync);
        root.MapGetAndHead("/api/v4/groups/{id}/projects", (HttpContext c, string id) => ListAsync(c, id));
    }

    private static Task<IResult> ListAllAsync(HttpContext context) => ListAsync(context, groupId: null);

    /// <summary>
    /// The visible projects, or those of one group (<c>/groups/{id}/projects</c>, with its subgroups'
    /// when <c>include_subgroups=true</c>), filtered by <c>search</c> and <c>membership</c>.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpContext context, string? groupId)
    {
        if (PageRequest.TryParse(context.Request.Query, out var paging) is { } problem)
        {
            return problem;
        }

        if (!(await DirectoryCaller.AuthenticateAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        var query = context.Request.Query;
        Group? inGroup = null;
        if (groupId is not null && !(await caller.FindVisibleGroupAsync(groupId).ConfigureAwait(false)).Succeeded(out inGroup, out failure))
        {
            return failure;
        }

        var withSubgroups = Flag(query, "include_subgroups");
        var search = PackageListRequest.Value(query, "search");
        var membership = Flag(query, "membership");
        var visible = new List<Project>();
        foreach (var project in await caller.Directory.ListProjectsAsync(context.RequestAborted).ConfigureAwait(false))
        {
            if (search is not null && !project.FullPath.Contains(search, StringComparison.OrdinalIgnoreCase) && !project.Name.Contains(search, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (inGroup is not null && project.GroupId != inGroup.Id && !(withSubgroups && project.AncestorGroupIds.Contains(inGroup.Id)))
            {
                continue;
            }

            var seen = membership
                ? await caller.ProjectLevelAsync(project).ConfigureAwait(false) > AccessLevel.None
                : await caller.CanSeeProjectAsync(project).ConfigureAwait(false);
            if (seen)
            {
                visible.Add(project);
            }
        }

        var page = Pagination.Page(context, visible, paging);
        var groups = await caller.GroupsAsync().ConfigureAwait(false);
        var baseUrl = RegistryUrls.Root(context.Request);
        return DirectoryApiDocuments.Ok(page.Select(p => DirectoryApiDocuments.Project(p, groups.GetValueOrDefault(p.GroupId), baseUrl)).ToList());
    }

    /// <summary>GitLab's project delete: Owners and administrators; 202 with <c>{"message": "202 Accepted"}</c>.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: true).ConfigureAwait(false)).Succeeded(out var caller, out var failure)
            || !(await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out failure))
        {
            return failure;
        }

        if (!await caller.CanManageProjectAsync(project, AccessLevel.Owner).ConfigureAwait(false))
        {
            return ApiProblems.Forbidden();
        }

        var deleter = context.RequestServices.GetRequiredService<DirectoryDeleter>();
        return await deleter.DeleteProjectAsync(project.Id, caller.UserId, context.RequestAborted).ConfigureAwait(false)
            ? DirectoryApiDocuments.Accepted()
            : ApiProblems.NotFound("Project");
    }

    private static bool Flag(IQueryCollection query, string name) =>
        PackageListRequest.Value(query, name) is { } text && ApiParameters.TryParseBoolean(text, out var value) && value;

    private static async Task<IResult> GetAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.AuthenticateAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        if (!(await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out failure))
        {
            return failure;
        }

        DirectoryApiDocuments.ProjectStatisticsDocument? statistics = null;
        if (Flag(context.Request.Query, "statistics")
            && StorageUsageApiEndpoints.MaySeeStatistics(caller.Principal, await caller.ProjectLevelAsync(project).ConfigureAwait(false)))
        {
            // As GitLab: the statistics are there only when asked for and only for those who may read them.
            var usage = await context.RequestServices.GetRequiredService<IPackageUsageStore>().GetUsageAsync([project.Id], context.RequestAborted).ConfigureAwait(false);
            statistics = DirectoryApiDocuments.ProjectStatisticsDocument.OfPackages(usage.Bytes);
        }

        return await DocumentAsync(context, caller, project, StatusCodes.Status200OK, statistics).ConfigureAwait(false);
    }

    private static async Task<IResult> CreateAsync(HttpContext context)
    {
        if (!(await DirectoryWrite.ReadAsync(context).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;

        var name = parameters.Value("name");
        var path = parameters.Value("path") ?? (name is null ? null : DirectoryPaths.FromName(name));
        if (path is null)
        {
            return ApiProblems.Missing("name");
        }

        name ??= path;
        if (!DirectoryPaths.IsValidSegment(path))
        {
            return ApiProblems.Invalid("path", "path can contain only letters, digits, '_', '-' and '.', and cannot start with '-' or end in '.git' or '.atom'");
        }

        // Projects live in groups here; there are no personal namespaces.
        if (parameters.Value("namespace_id") is not { } namespaceId)
        {
            return ApiProblems.Missing("namespace_id");
        }

        if (!parameters.TryGet<ProjectVisibility>("visibility", DirectoryApiDocuments.TryParseVisibility, out var visibility, out var problem)
            || !parameters.TryGet<PackageRegistryAccessLevel>("package_registry_access_level", DirectoryApiDocuments.TryParseAccessLevel, out var accessLevel, out problem))
        {
            return problem;
        }

        if (parameters.Value("package_registry_access_level") is null)
        {
            accessLevel = PackageRegistryAccessLevel.Enabled;
        }

        if (!(await caller.FindVisibleGroupAsync(namespaceId).ConfigureAwait(false)).Succeeded(out var group, out failure))
        {
            return failure;
        }

        if (!await caller.CanManageGroupAsync(group.Id, AccessLevel.Maintainer).ConfigureAwait(false))
        {
            return ApiProblems.Forbidden();
        }

        if (visibility > group.Visibility)
        {
            return ApiProblems.Invalid("visibility", "visibility is not allowed since the namespace has a lower visibility");
        }

        var project = await caller.Directory.TryCreateProjectAsync(name, path, group.Id, visibility, accessLevel, context.RequestAborted).ConfigureAwait(false);
        return project is null
            ? ApiProblems.Taken("path")
            : await DocumentAsync(context, caller, project, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id)
    {
        if (!(await DirectoryWrite.ReadAsync(context).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;

        if (!(await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out failure))
        {
            return failure;
        }

        if (!parameters.TryGet<ProjectVisibility>("visibility", DirectoryApiDocuments.TryParseVisibility, out var visibility, out var problem)
            || !parameters.TryGet<PackageRegistryAccessLevel>("package_registry_access_level", DirectoryApiDocuments.TryParseAccessLevel, out var accessLevel, out problem))
        {
            return problem;
        }

        var changesVisibility = parameters.Value("visibility") is not null;
        var changesAccess = parameters.Value("package_registry_access_level") is not null;
        if (!await caller.CanManageProjectAsync(project, changesVisibility ? AccessLevel.Owner : AccessLevel.Maintainer).ConfigureAwait(false))
        {
            return ApiProblems.Forbidden();
        }

        if (changesVisibility)
        {
            var group = await caller.Reads.FindGroupOrNullAsync(ApiParameters.Text(project.GroupId), context.RequestAborted).ConfigureAwait(false);
            if (group is not null && visibility > group.Visibility)
            {
                return ApiProblems.Invalid("visibility", "visibility is not allowed since the namespace has a lower visibility");
            }
        }

        var updated = await caller.Directory.UpdateProjectAsync(
            project.Id,
            changesVisibility ? visibility : null,
            changesAccess ? accessLevel : null,
            context.RequestAborted).ConfigureAwait(false);
        return updated is null
            ? ApiProblems.NotFound("Project")
            : await DocumentAsync(context, caller, updated, StatusCodes.Status200OK).ConfigureAwait(false);
    }

    private static async Task<IResult> DocumentAsync(HttpContext context, DirectoryCaller caller, Project project, int statusCode, DirectoryApiDocuments.ProjectStatisticsDocument? statistics = null)
    {
        var group = await caller.Reads.FindGroupOrNullAsync(ApiParameters.Text(project.GroupId), context.RequestAborted).ConfigureAwait(false);
        return DirectoryApiDocuments.Ok(DirectoryApiDocuments.Project(project, group, RegistryUrls.Root(context.Request)) with { Statistics = statistics }, statusCode);
    }
}
