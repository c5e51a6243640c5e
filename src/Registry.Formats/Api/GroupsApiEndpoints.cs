using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's groups API (https://docs.gitlab.com/ee/api/groups.html): list and read the groups the caller may see;
/// administrators create top-level groups, maintainers and owners of a group create its subgroups. The creator
/// becomes the new group's owner, as on GitLab. Owners delete a group with everything below it.
/// </summary>
internal static class GroupsApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead("/api/v4/groups", (Delegate)ListAsync);
        root.MapGetAndHead("/api/v4/groups/{id}", GetAsync);
        root.MapPost("/api/v4/groups", (Delegate)CreateAsync);
        root.MapDelete("/api/v4/groups/{id}", DeleteAsync);
        root.MapGetAndHead("/api/v4/groups/{id}/subgroups", (HttpContext c, string id) => ListBelowAsync(c, id, descendants: false));
        root.MapGetAndHead("/api/v4/groups/{id}/descendant_groups", (HttpContext c, string id) => ListBelowAsync(c, id, descendants: true));
    }

    /// <summary>GitLab's <c>/subgroups</c> (children) and <c>/descendant_groups</c> (the whole subtree) that the caller may see.</summary>
    private static async Task<IResult> ListBelowAsync(HttpContext context, string id, bool descendants)
    {
        if (PageRequest.TryParse(context.Request.Query, out var paging) is { } problem)
        {
            return problem;
        }

        if (!(await DirectoryCaller.AuthenticateAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure)
            || !(await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out failure))
        {
            return failure;
        }

        var groups = await caller.GroupsAsync().ConfigureAwait(false);
        var search = PackageListRequest.Value(context.Request.Query, "search");
        var below = new List<Group>();
        foreach (var candidate in groups.Values.OrderBy(static g => g.FullPath, StringComparer.Ordinal))
        {
            var under = descendants
                ? candidate.FullPath.StartsWith(group.FullPath + "/", StringComparison.Ordinal)
                : candidate.ParentId == group.Id;
            if (under && Matches(candidate, search) && await caller.CanSeeGroupAsync(candidate).ConfigureAwait(false))
            {
                below.Add(candidate);
            }
        }

        var baseUrl = RegistryUrls.Root(context.Request);
        return DirectoryApiDocuments.Ok(Pagination.Page(context, below, paging).Select(g => DirectoryApiDocuments.Group(g, baseUrl)).ToList());
    }

    /// <summary>GitLab's group delete: Owners and administrators; 202 with <c>{"message": "202 Accepted"}</c>.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: true).ConfigureAwait(false)).Succeeded(out var caller, out var failure)
            || !(await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out failure))
        {
            return failure;
        }

        if (!await caller.CanManageGroupAsync(group.Id, AccessLevel.Owner).ConfigureAwait(false))
        {
            return ApiProblems.Forbidden();
        }

        var deleter = context.RequestServices.GetRequiredService<DirectoryDeleter>();
        return await deleter.DeleteGroupAsync(group.Id, caller.UserId, context.RequestAborted).ConfigureAwait(false)
            ? DirectoryApiDocuments.Accepted()
            : ApiProblems.NotFound("Group");
    }

    private static bool Matches(Group group, string? search) =>
        search is null || group.FullPath.Contains(search, StringComparison.OrdinalIgnoreCase) || group.Name.Contains(search, StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        if (PageRequest.TryParse(context.Request.Query, out var paging) is { } problem)
        {
            return problem;
        }

        if (!(await DirectoryCaller.AuthenticateAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        var search = PackageListRequest.Value(context.Request.Query, "search");
        var visible = new List<Group>();
        foreach (var group in (await caller.GroupsAsync().ConfigureAwait(false)).Values.OrderBy(static g => g.FullPath, StringComparer.Ordinal))
        {
            if (Matches(group, search) && await caller.CanSeeGroupAsync(group).ConfigureAwait(false))
            {
                visible.Add(group);
            }
        }

        var baseUrl = RegistryUrls.Root(context.Request);
        return DirectoryApiDocuments.Ok(Pagination.Page(context, visible, paging).Select(g => DirectoryApiDocuments.Group(g, baseUrl)).ToList());
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.AuthenticateAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        return (await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out failure)
            ? DirectoryApiDocuments.Ok(DirectoryApiDocuments.Group(group, RegistryUrls.Root(context.Request)))
            : failure;
    }

    private static async Task<IResult> CreateAsync(HttpContext context)
    {
        if (!(await DirectoryWrite.ReadAsync(context).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;

        if (parameters.Value("name") is not { } name)
        {
            return ApiProblems.Missing("name");
        }

        if (parameters.Value("path") is not { } path)
        {
            return ApiProblems.Missing("path");
        }

        if (!DirectoryPaths.IsValidSegment(path))
        {
            return ApiProblems.Invalid("path", "path can contain only letters, digits, '_', '-' and '.', and cannot start with '-' or end in '.git' or '.atom'");
        }

        if (!parameters.TryGet<ProjectVisibility>("visibility", DirectoryApiDocuments.TryParseVisibility, out var visibility, out var problem))
        {
            return problem;
        }

        Group? parent = null;
        if (parameters.Value("parent_id") is { } parentId)
        {
            if (!(await caller.FindVisibleGroupAsync(parentId).ConfigureAwait(false)).Succeeded(out parent, out failure))
            {
                return failure;
            }

            if (!await caller.CanManageGroupAsync(parent.Id, AccessLevel.Maintainer).ConfigureAwait(false))
            {
                return ApiProblems.Forbidden();
            }

            if (visibility > parent.Visibility)
            {
                return ApiProblems.Invalid("visibility", "visibility is not allowed since the parent group has a lower visibility");
            }
        }
        else if (!caller.IsAdmin)
        {
            return ApiProblems.Forbidden("403 Forbidden - only administrators create top-level groups here");
        }

        var group = await caller.Directory.TryCreateGroupAsync(name, path, parent?.Id, visibility, context.RequestAborted).ConfigureAwait(false);
        if (group is null)
        {
            return ApiProblems.Taken("path");
        }

        await caller.Directory.SetGroupMemberAsync(group.Id, caller.UserId, AccessLevel.Owner, context.RequestAborted).ConfigureAwait(false);
        return DirectoryApiDocuments.Ok(DirectoryApiDocuments.Group(group, RegistryUrls.Root(context.Request)), StatusCodes.Status201Created);
    }
}
