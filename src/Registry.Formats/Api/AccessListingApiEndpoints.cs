using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// The read side of <see cref="AccessApiEndpoints"/>: GitLab's member listings (https://docs.gitlab.com/ee/api/members.html),
/// direct (<c>/members</c>) and with the roles inherited from the groups above (<c>/members/all</c>), which anyone who
/// sees the project or group may read; and its deploy tokens (https://docs.gitlab.com/ee/api/deploy_tokens.html), which
/// those who may create them read, without the token text.
/// </summary>
internal static class AccessListingApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        foreach (var kind in (string[])["projects", "groups"])
        {
            var isProject = kind == "projects";
            root.MapGetAndHead($"/api/v4/{kind}/{{id}}/members", (HttpContext c, string id) => ListMembersAsync(c, id, isProject, inherited: false));
            root.MapGetAndHead($"/api/v4/{kind}/{{id}}/members/all", (HttpContext c, string id) => ListMembersAsync(c, id, isProject, inherited: true));
            root.MapGetAndHead($"/api/v4/{kind}/{{id}}/members/{{userId}}", (HttpContext c, string id, string userId) => GetMemberAsync(c, id, userId, isProject, inherited: false));
            root.MapGetAndHead($"/api/v4/{kind}/{{id}}/members/all/{{userId}}", (HttpContext c, string id, string userId) => GetMemberAsync(c, id, userId, isProject, inherited: true));
            root.MapGetAndHead($"/api/v4/{kind}/{{id}}/deploy_tokens", (HttpContext c, string id) => ListDeployTokensAsync(c, id, isProject, tokenId: null));
            root.MapGetAndHead($"/api/v4/{kind}/{{id}}/deploy_tokens/{{tokenId:long}}", (HttpContext c, string id, long tokenId) => ListDeployTokensAsync(c, id, isProject, tokenId));
        }
    }

    private static async Task<IResult> ListMembersAsync(HttpContext context, string id, bool isProject, bool inherited)
    {
        if (PageRequest.TryParse(context.Request.Query, out var paging) is { } problem)
        {
            return problem;
        }

        if (!(await MembersAsync(context, id, isProject, inherited).ConfigureAwait(false)).Succeeded(out var members, out var failure))
        {
            return failure;
        }

        var query = PackageListRequest.Value(context.Request.Query, "query");
        var matching = query is null
            ? members
            : [.. members.Where(m => m.User.Username.Contains(query, StringComparison.OrdinalIgnoreCase) || m.User.Name.Contains(query, StringComparison.OrdinalIgnoreCase))];
        return DirectoryApiDocuments.Ok(Pagination.Page(context, matching, paging).Select(static m => DirectoryApiDocuments.Member(m.User, m.AccessLevel)).ToList());
    }

    private static async Task<IResult> GetMemberAsync(HttpContext context, string id, string userId, bool isProject, bool inherited)
    {
        if (!(await MembersAsync(context, id, isProject, inherited).ConfigureAwait(false)).Succeeded(out var members, out var failure))
        {
            return failure;
        }

        var member = members.FirstOrDefault(m => ApiParameters.Text(m.User.Id) == userId || m.User.Username == userId);
        return member is null ? ApiProblems.NotFound("Member") : DirectoryApiDocuments.Ok(DirectoryApiDocuments.Member(member.User, member.AccessLevel));
    }

    private static async Task<IResult> ListDeployTokensAsync(HttpContext context, string id, bool isProject, long? tokenId)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        if (!(await SourceAsync(caller, id, isProject).ConfigureAwait(false)).Succeeded(out var source, out failure))
        {
            return failure;
        }

        // The roles that create a source's deploy tokens read them (AccessApiEndpoints).
        var allowed = source.Project is { } project
            ? await caller.CanManageProjectAsync(project, AccessLevel.Maintainer).ConfigureAwait(false)
            : await caller.CanManageGroupAsync(source.Id, AccessLevel.Owner).ConfigureAwait(false);
        if (!allowed)
        {
            return ApiProblems.Forbidden();
        }

        var tokens = await caller.Directory.ListDeployTokensAsync(isProject ? source.Id : null, isProject ? null : source.Id, context.RequestAborted).ConfigureAwait(false);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (tokenId is { } wanted)
        {
            var token = tokens.FirstOrDefault(t => t.Id == wanted);
            return token is null ? ApiProblems.NotFound("Deploy Token") : DirectoryApiDocuments.Ok(DirectoryApiDocuments.DeployTokenListing(token, now));
        }

        if (PageRequest.TryParse(context.Request.Query, out var paging) is { } problem)
        {
            return problem;
        }

        var activeOnly = PackageListRequest.Value(context.Request.Query, "active") is { } a && ApiParameters.TryParseBoolean(a, out var active) && active;
        IReadOnlyList<TokenDetails> listed = activeOnly ? [.. tokens.Where(t => t.IsActiveAt(now))] : tokens;
        return DirectoryApiDocuments.Ok(Pagination.Page(context, listed, paging).Select(t => DirectoryApiDocuments.DeployTokenListing(t, now)).ToList());
    }

    /// <summary>
    /// The members of a visible project or group; with <paramref name="inherited"/>, also those of the groups above,
    /// each user once with their highest role, as GitLab's <c>/members/all</c>.
    /// </summary>
    private static async Task<Attempt<IReadOnlyList<DirectoryMember>>> MembersAsync(HttpContext context, string id, bool isProject, bool inherited)
    {
        if (!(await DirectoryCaller.AuthenticateAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure)
            || !(await SourceAsync(caller, id, isProject).ConfigureAwait(false)).Succeeded(out var source, out failure))
        {
            return Attempt<IReadOnlyList<DirectoryMember>>.Fail(failure);
        }

        var members = new List<DirectoryMember>(
            await caller.Directory.ListMembersAsync(isProject ? source.Id : null, isProject ? null : source.Id, context.RequestAborted).ConfigureAwait(false));
        if (inherited)
        {
            var groups = await caller.GroupsAsync().ConfigureAwait(false);
            var seen = new HashSet<long>();
            for (long? groupId = isProject ? source.Project?.GroupId : groups.GetValueOrDefault(source.Id)?.ParentId;
                 groupId is { } current && seen.Add(current);
                 groupId = groups.GetValueOrDefault(current)?.ParentId)
            {
                members.AddRange(await caller.Directory.ListMembersAsync(null, current, context.RequestAborted).ConfigureAwait(false));
            }

            members = [.. members
                .GroupBy(static m => m.User.Id)
                .Select(static g => g.MaxBy(static m => m.AccessLevel) ?? g.First())
                .OrderBy(static m => m.User.Username, StringComparer.Ordinal)];
        }

        return Attempt<IReadOnlyList<DirectoryMember>>.Ok(members);
    }

    private static async Task<Attempt<Source>> SourceAsync(DirectoryCaller caller, string id, bool isProject)
    {
        if (isProject)
        {
            return (await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out var failure)
                ? new Source(project.Id, project)
                : Attempt<Source>.Fail(failure);
        }

        return (await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out var groupFailure)
            ? new Source(group.Id, null)
            : Attempt<Source>.Fail(groupFailure);
    }

    private sealed record Source(long Id, Project? Project);
}
