using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// Who may reach a project or a group: members (https://docs.gitlab.com/ee/api/members.html) and deploy tokens
/// (https://docs.gitlab.com/ee/api/deploy_tokens.html), with the same routes under <c>/projects/{id}</c> and
/// <c>/groups/{id}</c>. Maintainers manage members up to their own role (owners grant Owner); maintainers
/// manage a project's deploy tokens, owners a group's.
/// </summary>
internal static class AccessApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        foreach (var kind in (string[])["projects", "groups"])
        {
            var isProject = kind == "projects";
            root.MapPost($"/api/v4/{kind}/{{id}}/members", (HttpContext c, string id) => AddMemberAsync(c, id, isProject));
            root.MapPut($"/api/v4/{kind}/{{id}}/members/{{userId}}", (HttpContext c, string id, string userId) => ChangeMemberAsync(c, id, userId, isProject, remove: false));
            root.MapDelete($"/api/v4/{kind}/{{id}}/members/{{userId}}", (HttpContext c, string id, string userId) => ChangeMemberAsync(c, id, userId, isProject, remove: true));
            root.MapPost($"/api/v4/{kind}/{{id}}/deploy_tokens", (HttpContext c, string id) => CreateDeployTokenAsync(c, id, isProject));
            root.MapDelete($"/api/v4/{kind}/{{id}}/deploy_tokens/{{tokenId:long}}", (HttpContext c, string id, long tokenId) => RevokeDeployTokenAsync(c, id, tokenId, isProject));
        }
    }

    private static async Task<IResult> AddMemberAsync(HttpContext context, string id, bool isProject)
    {
        if (!(await TargetAsync(context, id, isProject, AccessLevel.Maintainer).ConfigureAwait(false)).Succeeded(out var target, out var failure))
        {
            return failure;
        }

        if (!(await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out failure))
        {
            return failure;
        }

        var userRef = parameters.Value("user_id") ?? parameters.Value("username");
        if (userRef is null)
        {
            return ApiProblems.Missing("user_id");
        }

        return await SetMemberAsync(context, target, userRef, parameters, replace: false).ConfigureAwait(false);
    }

    private static async Task<IResult> ChangeMemberAsync(HttpContext context, string id, string userId, bool isProject, bool remove)
    {
        if (!(await TargetAsync(context, id, isProject, AccessLevel.Maintainer).ConfigureAwait(false)).Succeeded(out var target, out var failure))
        {
            return failure;
        }

        if (!remove)
        {
            return (await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out failure)
                ? await SetMemberAsync(context, target, userId, parameters, replace: true).ConfigureAwait(false)
                : failure;
        }

        var user = await target.Caller.Directory.FindUserOrNullAsync(userId, context.RequestAborted).ConfigureAwait(false);
        var current = user is null ? AccessLevel.None : await DirectLevelAsync(target, user.Id).ConfigureAwait(false);
        if (user is null || current == AccessLevel.None)
        {
            return ApiProblems.NotFound("Member");
        }

        if (!MayGrant(target, current))
        {
            return ApiProblems.Forbidden();
        }

        await target.SetAsync(user.Id, AccessLevel.None, context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> SetMemberAsync(HttpContext context, AccessTarget target, string userRef, ApiParameters parameters, bool replace)
    {
        if (parameters.Value("access_level") is null)
        {
            return ApiProblems.Missing("access_level");
        }

        if (!parameters.TryGet<AccessLevel>("access_level", DirectoryApiDocuments.TryParseMemberLevel, out var level, out var problem))
        {
            return problem;
        }

        var user = await target.Caller.Directory.FindUserOrNullAsync(userRef, context.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            return ApiProblems.NotFound("User");
        }

        var current = await DirectLevelAsync(target, user.Id).ConfigureAwait(false);
        if (!replace && current != AccessLevel.None)
        {
            return ApiProblems.Conflict("Member already exists");
        }

        if (replace && current == AccessLevel.None)
        {
            return ApiProblems.NotFound("Member");
        }

        if (!MayGrant(target, level) || !MayGrant(target, current))
        {
            return ApiProblems.Forbidden();
        }

        await target.SetAsync(user.Id, level, context.RequestAborted).ConfigureAwait(false);
        return DirectoryApiDocuments.Ok(DirectoryApiDocuments.Member(user, level), replace ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static async Task<IResult> CreateDeployTokenAsync(HttpContext context, string id, bool isProject)
    {
        if (!(await TargetAsync(context, id, isProject, isProject ? AccessLevel.Maintainer : AccessLevel.Owner).ConfigureAwait(false)).Succeeded(out var target, out var failure))
        {
            return failure;
        }

        if (!(await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out failure))
        {
            return failure;
        }

        if (!TokenRequest.TryRead(parameters, TokenRequest.DeployScopes, out var request, out var problem))
        {
            return problem;
        }

        var token = await target.Caller.Directory.CreateDeployTokenAsync(
            isProject ? target.Id : null,
            isProject ? null : target.Id,
            request.Name,
            request.Scopes,
            request.ExpiresAt,
            context.RequestAborted).ConfigureAwait(false);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return DirectoryApiDocuments.Ok(DirectoryApiDocuments.DeployToken(token, request.Name, request.Scopes, now), StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeDeployTokenAsync(HttpContext context, string id, long tokenId, bool isProject)
    {
        if (!(await TargetAsync(context, id, isProject, isProject ? AccessLevel.Maintainer : AccessLevel.Owner).ConfigureAwait(false)).Succeeded(out var target, out var failure))
        {
            return failure;
        }

        var owner = await target.Caller.Directory.FindTokenOwnerAsync(tokenId, context.RequestAborted).ConfigureAwait(false);
        var belongs = owner is { Kind: PrincipalKind.DeployToken } && (isProject ? owner.ProjectId : owner.GroupId) == target.Id;
        if (!belongs)
        {
            return ApiProblems.NotFound("Deploy Token");
        }

        await target.Caller.Directory.RevokeTokenAsync(tokenId, context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>Resolves the project or group and checks the caller holds <paramref name="needed"/> there.</summary>
    private static async Task<Attempt<AccessTarget>> TargetAsync(HttpContext context, string id, bool isProject, AccessLevel needed)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: true).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return Attempt<AccessTarget>.Fail(failure);
        }

        long targetId;
        AccessLevel callerLevel;
        if (isProject)
        {
            if (!(await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out failure))
            {
                return Attempt<AccessTarget>.Fail(failure);
            }

            targetId = project.Id;
            callerLevel = await caller.ProjectLevelAsync(project).ConfigureAwait(false);
        }
        else
        {
            if (!(await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out failure))
            {
                return Attempt<AccessTarget>.Fail(failure);
            }

            targetId = group.Id;
            callerLevel = await caller.GroupLevelAsync(group.Id).ConfigureAwait(false);
        }

        return caller.IsAdmin || callerLevel >= needed
            ? new AccessTarget(caller, isProject, targetId, caller.IsAdmin ? AccessLevel.Owner : callerLevel)
            : Attempt<AccessTarget>.Fail(ApiProblems.Forbidden());
    }

    private static async Task<AccessLevel> DirectLevelAsync(AccessTarget target, long userId)
    {
        var memberships = await target.Caller.Directory.ListMembershipsAsync(userId, target.Caller.Aborted).ConfigureAwait(false);
        return memberships
            .Where(m => target.IsProject ? m.ProjectId == target.Id : m.GroupId == target.Id)
            .Select(static m => m.AccessLevel)
            .DefaultIfEmpty()
            .Max();
    }

    /// <summary>GitLab: a maintainer cannot grant, change or remove the Owner role; an owner can.</summary>
    private static bool MayGrant(AccessTarget target, AccessLevel level) =>
        level < AccessLevel.Owner || target.CallerLevel >= AccessLevel.Owner;

    private sealed record AccessTarget(DirectoryCaller Caller, bool IsProject, long Id, AccessLevel CallerLevel)
    {
        public Task SetAsync(long userId, AccessLevel level, CancellationToken cancellationToken) => IsProject
            ? Caller.Directory.SetProjectMemberAsync(Id, userId, level, cancellationToken)
            : Caller.Directory.SetGroupMemberAsync(Id, userId, level, cancellationToken);
    }
}
