using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's project and group access tokens APIs (https://docs.gitlab.com/ee/api/project_access_tokens.html,
/// https://docs.gitlab.com/ee/api/group_access_tokens.html): list, get, create, rotate and revoke, with the same routes
/// under <c>/projects/{id}</c> and <c>/groups/{id}</c>. As on GitLab, a project's tokens are managed by its maintainers,
/// a group's by its owners, and nobody creates a token with a role above their own. The token text is answered once,
/// by create and rotate.
/// </summary>
internal static class ResourceAccessTokensApiEndpoints
{
    /// <summary>GitLab's default role of a new access token: Maintainer.</summary>
    private const AccessLevel DefaultAccessLevel = AccessLevel.Maintainer;

    public static void Map(IEndpointRouteBuilder root)
    {
        foreach (var kind in (string[])["projects", "groups"])
        {
            var isProject = kind == "projects";
            var tokens = $"/api/v4/{kind}/{{id}}/access_tokens";
            root.MapGetAndHead(tokens, (HttpContext c, string id) => ListAsync(c, id, isProject));
            root.MapGetAndHead(tokens + "/{tokenId:long}", (HttpContext c, string id, long tokenId) => GetAsync(c, id, tokenId, isProject));
            root.MapPost(tokens, (HttpContext c, string id) => CreateAsync(c, id, isProject));
            root.MapPost(tokens + "/{tokenId:long}/rotate", (HttpContext c, string id, long tokenId) => RotateAsync(c, id, tokenId, isProject));
            root.MapDelete(tokens + "/{tokenId:long}", (HttpContext c, string id, long tokenId) => RevokeAsync(c, id, tokenId, isProject));
        }
    }

    private static async Task<IResult> ListAsync(HttpContext context, string id, bool isProject)
    {
        if (PageRequest.TryParse(context.Request.Query, out var paging) is { } problem)
        {
            return problem;
        }

        if (!(await SourceAsync(context, id, isProject, write: false).ConfigureAwait(false)).Succeeded(out var source, out var failure))
        {
            return failure;
        }

        var state = PackageListRequest.Value(context.Request.Query, "state");
        if (state is not null and not "active" and not "inactive")
        {
            return ApiProblems.Invalid("state", "state does not have a valid value");
        }

        var now = Now(context);
        var tokens = await source.ListAsync().ConfigureAwait(false);
        IReadOnlyList<ResourceAccessToken> listed = state is null ? tokens : [.. tokens.Where(t => t.Token.IsActiveAt(now) == (state == "active"))];
        return DirectoryApiDocuments.Ok(Pagination.Page(context, listed, paging).Select(t => DirectoryApiDocuments.AccessToken(t, now, text: null)).ToList());
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, long tokenId, bool isProject)
    {
        if (!(await SourceAsync(context, id, isProject, write: false).ConfigureAwait(false)).Succeeded(out var source, out var failure))
        {
            return failure;
        }

        var token = (await source.ListAsync().ConfigureAwait(false)).FirstOrDefault(t => t.Token.Id == tokenId);
        return token is null ? NotFound(isProject) : DirectoryApiDocuments.Ok(DirectoryApiDocuments.AccessToken(token, Now(context), text: null));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string id, bool isProject)
    {
        if (!(await SourceAsync(context, id, isProject, write: true).ConfigureAwait(false)).Succeeded(out var source, out var failure))
        {
            return failure;
        }

        if (!(await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out failure))
        {
            return failure;
        }

        if (!TokenRequest.TryRead(parameters, ResourceAccessTokenIssuer.AllowedScopes, out var request, out var problem))
        {
            return problem;
        }

        var level = DefaultAccessLevel;
        if (parameters.Value("access_level") is not null
            && !parameters.TryGet("access_level", DirectoryApiDocuments.TryParseMemberLevel, out level, out var invalid))
        {
            return invalid;
        }

        var issuer = context.RequestServices.GetRequiredService<ResourceAccessTokenIssuer>();
        var result = await issuer.IssueAsync(
            isProject ? source.Id : null,
            isProject ? null : source.Id,
            request.Name,
            request.Scopes,
            level,
            request.ExpiresAt,
            source.CallerLevel,
            source.Caller.UserId,
            context.RequestAborted).ConfigureAwait(false);
        return result.Issued is { } issued
            ? DirectoryApiDocuments.Ok(DirectoryApiDocuments.AccessToken(issued.Details, Now(context), issued.Token), StatusCodes.Status201Created)
            : ApiProblems.BadRequest(result.Error ?? "the token could not be created");
    }

    private static async Task<IResult> RotateAsync(HttpContext context, string id, long tokenId, bool isProject)
    {
        if (!(await SourceAsync(context, id, isProject, write: true).ConfigureAwait(false)).Succeeded(out var source, out var failure))
        {
            return failure;
        }

        if (!(await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false)).Succeeded(out var parameters, out failure))
        {
            return failure;
        }

        if (!parameters.TryGet<DateTimeOffset>("expires_at", ApiParameters.TryParseDate, out var expiresAt, out var invalid))
        {
            return invalid;
        }

        var tokens = await source.ListAsync().ConfigureAwait(false);
        if (tokens.FirstOrDefault(t => t.Token.Id == tokenId) is not { } current)
        {
            return NotFound(isProject);
        }

        // GitLab refuses to rotate a token whose role is above the caller's, as it refuses to create one.
        if (current.AccessLevel > source.CallerLevel)
        {
            return ApiProblems.BadRequest("Not eligible to rotate token with access level higher than the user");
        }

        var issuer = context.RequestServices.GetRequiredService<ResourceAccessTokenIssuer>();
        var rotated = await issuer.RotateAsync(tokens, tokenId, parameters.Value("expires_at") is null ? null : expiresAt, source.Caller.UserId, context.RequestAborted).ConfigureAwait(false);
        return rotated is null
            ? ApiProblems.BadRequest("token is revoked or expired")
            : DirectoryApiDocuments.Ok(DirectoryApiDocuments.AccessToken(rotated.Details, Now(context), rotated.Token));
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, string id, long tokenId, bool isProject)
    {
        if (!(await SourceAsync(context, id, isProject, write: true).ConfigureAwait(false)).Succeeded(out var source, out var failure))
        {
            return failure;
        }

        var issuer = context.RequestServices.GetRequiredService<ResourceAccessTokenIssuer>();
        var tokens = await source.ListAsync().ConfigureAwait(false);
        return await issuer.RevokeAsync(tokens, tokenId, source.Caller.UserId, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : NotFound(isProject);
    }

    /// <summary>
    /// The visible project or group whose tokens the caller manages: Maintainer of a project, Owner of a group (or an
    /// administrator); 401, 404 or 403 otherwise. Reads need <c>read_api</c> or <c>api</c>, writes <c>api</c>.
    /// </summary>
    private static async Task<Attempt<TokenSource>> SourceAsync(HttpContext context, string id, bool isProject, bool write)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return Attempt<TokenSource>.Fail(failure);
        }

        long sourceId;
        AccessLevel level;
        if (isProject)
        {
            if (!(await caller.FindVisibleProjectAsync(id).ConfigureAwait(false)).Succeeded(out var project, out failure))
            {
                return Attempt<TokenSource>.Fail(failure);
            }

            (sourceId, level) = (project.Id, await caller.ProjectLevelAsync(project).ConfigureAwait(false));
        }
        else
        {
            if (!(await caller.FindVisibleGroupAsync(id).ConfigureAwait(false)).Succeeded(out var group, out failure))
            {
                return Attempt<TokenSource>.Fail(failure);
            }

            (sourceId, level) = (group.Id, await caller.GroupLevelAsync(group.Id).ConfigureAwait(false));
        }

        level = caller.IsAdmin ? AccessLevel.Owner : level;
        return level >= (isProject ? AccessLevel.Maintainer : AccessLevel.Owner)
            ? new TokenSource(caller, isProject, sourceId, level)
            : Attempt<TokenSource>.Fail(ApiProblems.Forbidden());
    }

    private static IResult NotFound(bool isProject) => ApiProblems.NotFound(isProject ? "Project Access Token" : "Group Access Token");

    private static DateTimeOffset Now(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();

    private sealed record TokenSource(DirectoryCaller Caller, bool IsProject, long Id, AccessLevel CallerLevel)
    {
        public Task<IReadOnlyList<ResourceAccessToken>> ListAsync() =>
            Caller.Directory.ListResourceAccessTokensAsync(IsProject ? Id : null, IsProject ? null : Id, Caller.Aborted);
    }
}
