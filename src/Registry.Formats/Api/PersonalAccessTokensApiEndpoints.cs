using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's personal access tokens API (https://docs.gitlab.com/ee/api/personal_access_tokens.html): administrators
/// list and revoke every user's tokens (<c>?user_id=</c> narrows the list), others only their own; <c>/self</c> is the
/// token of the request. Listings never show the token text.
/// </summary>
internal static class PersonalAccessTokensApiEndpoints
{
    private const string Tokens = "/api/v4/personal_access_tokens";

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead(Tokens, (Delegate)ListAsync);
        root.MapGetAndHead(Tokens + "/self", (Delegate)GetSelfAsync);
        root.MapGetAndHead(Tokens + "/{tokenId:long}", GetAsync);
        root.MapDelete(Tokens + "/self", (Delegate)RevokeSelfAsync);
        root.MapDelete(Tokens + "/{tokenId:long}", RevokeAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        if (PageRequest.TryParse(context.Request.Query, out var paging) is { } problem)
        {
            return problem;
        }

        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        long? userId = caller.UserId;
        if (PackageListRequest.Value(context.Request.Query, "user_id") is { } userRef)
        {
            if (!ApiParameters.TryParseId(userRef, out var wanted))
            {
                return ApiProblems.Invalid("user_id", "user_id is invalid");
            }

            // GitLab: only administrators list another user's tokens.
            if (!caller.IsAdmin && wanted != caller.UserId)
            {
                return ApiProblems.Forbidden("403 Forbidden - Not permitted to view another user's tokens");
            }

            userId = wanted;
        }
        else if (caller.IsAdmin)
        {
            userId = null;
        }

        var tokens = await caller.Directory.ListPersonalAccessTokensAsync(userId, context.RequestAborted).ConfigureAwait(false);
        var now = Now(context);
        var state = PackageListRequest.Value(context.Request.Query, "state");
        if (state is not null and not "active" and not "inactive")
        {
            return ApiProblems.Invalid("state", "state does not have a valid value");
        }

        IReadOnlyList<TokenDetails> listed = state is null ? tokens : [.. tokens.Where(t => t.IsActiveAt(now) == (state == "active"))];
        return DirectoryApiDocuments.Ok(Pagination.Page(context, listed, paging).Select(t => DirectoryApiDocuments.PersonalTokenListing(t, now)).ToList());
    }

    private static async Task<IResult> GetSelfAsync(HttpContext context)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        return caller.Principal.TokenId is { } tokenId
            ? await DocumentAsync(context, caller, tokenId).ConfigureAwait(false)
            : ApiProblems.NotFound("Personal Access Token");
    }

    private static async Task<IResult> GetAsync(HttpContext context, long tokenId)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        return await DocumentAsync(context, caller, tokenId).ConfigureAwait(false);
    }

    private static async Task<IResult> RevokeSelfAsync(HttpContext context)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: true).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        if (caller.Principal.TokenId is not { } tokenId)
        {
            return ApiProblems.NotFound("Personal Access Token");
        }

        await caller.Directory.RevokeTokenAsync(tokenId, context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, long tokenId)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: true).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        if (!await OwnsAsync(caller, tokenId).ConfigureAwait(false))
        {
            return ApiProblems.NotFound("Personal Access Token");
        }

        await caller.Directory.RevokeTokenAsync(tokenId, context.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> DocumentAsync(HttpContext context, DirectoryCaller caller, long tokenId)
    {
        var owner = await caller.Directory.FindTokenOwnerAsync(tokenId, context.RequestAborted).ConfigureAwait(false);
        if (owner is not { Kind: PrincipalKind.User, UserId: { } userId } || (!caller.IsAdmin && userId != caller.UserId))
        {
            return ApiProblems.NotFound("Personal Access Token");
        }

        var token = (await caller.Directory.ListPersonalAccessTokensAsync(userId, context.RequestAborted).ConfigureAwait(false)).FirstOrDefault(t => t.Id == tokenId);
        return token is null
            ? ApiProblems.NotFound("Personal Access Token")
            : DirectoryApiDocuments.Ok(DirectoryApiDocuments.PersonalTokenListing(token, Now(context)));
    }

    /// <summary>Whether the token is a personal access token the caller may manage: their own, or any for an administrator.</summary>
    private static async Task<bool> OwnsAsync(DirectoryCaller caller, long tokenId)
    {
        var owner = await caller.Directory.FindTokenOwnerAsync(tokenId, caller.Aborted).ConfigureAwait(false);
        return owner is { Kind: PrincipalKind.User } && (caller.IsAdmin || owner.UserId == caller.UserId);
    }

    private static DateTimeOffset Now(HttpContext context) => context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
}
