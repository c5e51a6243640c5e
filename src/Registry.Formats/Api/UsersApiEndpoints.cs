using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's users API (https://docs.gitlab.com/ee/api/users.html) and user tokens
/// (https://docs.gitlab.com/ee/api/user_tokens.html): administrators create and delete users and create their tokens
/// (<see cref="PersonalAccessTokensApiEndpoints"/> lists and revokes them).
/// </summary>
internal static class UsersApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead("/api/v4/user", (Delegate)CurrentUserAsync);
        root.MapGetAndHead("/api/v4/users", (Delegate)FindUsersAsync);
        root.MapGetAndHead("/api/v4/users/{id}", GetUserAsync);
        root.MapPost("/api/v4/users", (Delegate)CreateUserAsync);
        root.MapPost("/api/v4/users/{id}/personal_access_tokens", CreateTokenAsync);
        root.MapDelete("/api/v4/users/{id}", DeleteUserAsync);
    }

    private static async Task<IResult> CurrentUserAsync(HttpContext context)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        var user = await caller.Directory.FindUserOrNullAsync(ApiParameters.Text(caller.UserId), context.RequestAborted).ConfigureAwait(false);
        return user is null ? RegistryResults.Unauthorized() : DirectoryApiDocuments.Ok(DirectoryApiDocuments.User(user));
    }

    private static async Task<IResult> FindUsersAsync(HttpContext context)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        // Only the lookup by user name that scripts use to find an id; the directory is not browsable.
        if (PackageListRequest.Value(context.Request.Query, "username") is not { } username)
        {
            return ApiProblems.Missing("username");
        }

        var user = await caller.Directory.FindUserOrNullAsync(username, context.RequestAborted).ConfigureAwait(false);
        return DirectoryApiDocuments.Ok(user is null || !string.Equals(user.Username, username, StringComparison.Ordinal)
            ? Array.Empty<DirectoryApiDocuments.UserDocument>()
            : [DirectoryApiDocuments.User(user)]);
    }

    private static async Task<IResult> GetUserAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        var user = await caller.Directory.FindUserOrNullAsync(id, context.RequestAborted).ConfigureAwait(false);
        return user is null ? ApiProblems.NotFound("User") : DirectoryApiDocuments.Ok(DirectoryApiDocuments.User(user));
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context)
    {
        if (!(await DirectoryWrite.ReadAsync(context, adminOnly: true).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;

        // GitLab also requires email and a password; this registry signs users in by token only, so it keeps neither.
        if (parameters.Value("username") is not { } username)
        {
            return ApiProblems.Missing("username");
        }

        if (parameters.Value("name") is not { } name)
        {
            return ApiProblems.Missing("name");
        }

        if (!parameters.TryGet<bool>("admin", ApiParameters.TryParseBoolean, out var admin, out var problem))
        {
            return problem;
        }

        if (!DirectoryPaths.IsValidSegment(username))
        {
            return ApiProblems.Invalid("username", "username can contain only letters, digits, '_', '-' and '.'");
        }

        var user = await caller.Directory.TryCreateUserAsync(username, name, admin, context.RequestAborted).ConfigureAwait(false);
        return user is null
            ? ApiProblems.Conflict("Username has already been taken")
            : DirectoryApiDocuments.Ok(DirectoryApiDocuments.User(user), StatusCodes.Status201Created);
    }

    private static async Task<IResult> CreateTokenAsync(HttpContext context, string id)
    {
        if (!(await DirectoryWrite.ReadAsync(context, adminOnly: true).ConfigureAwait(false)).Succeeded(out var write, out var failure))
        {
            return failure;
        }

        var (caller, parameters) = write;

        var user = await caller.Directory.FindUserOrNullAsync(id, context.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            return ApiProblems.NotFound("User");
        }

        if (!TokenRequest.TryRead(parameters, TokenRequest.PersonalScopes, out var request, out var problem))
        {
            return problem;
        }

        var token = await caller.Directory.CreatePersonalAccessTokenAsync(user.Id, request.Name, request.Scopes, request.ExpiresAt, null, context.RequestAborted).ConfigureAwait(false);
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return DirectoryApiDocuments.Ok(DirectoryApiDocuments.PersonalAccessToken(token, user.Id, request.Name, request.Scopes, now), StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteUserAsync(HttpContext context, string id)
    {
        if (!(await DirectoryCaller.AdminAsync(context).ConfigureAwait(false)).Succeeded(out var caller, out var failure))
        {
            return failure;
        }

        var user = await caller.Directory.FindUserOrNullAsync(id, context.RequestAborted).ConfigureAwait(false);
        var deleter = context.RequestServices.GetRequiredService<DirectoryDeleter>();
        return user is not null && await deleter.DeleteUserAsync(user.Id, caller.UserId, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : ApiProblems.NotFound("User");
    }
}
