using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's answer for anything under <c>/api/v4</c> that no route serves: <c>404</c> with <c>{"error": "404 Not Found"}</c>
/// (the catch-all <c>route :any, '*path'</c> at the end of lib/api/api.rb). It is reached for a known path with a
/// method it lacks too: Grape tries that catch-all before it would answer 405, so GitLab answers 404 there as well.
/// </summary>
internal static class UnmatchedApiRoutes
{
    public static void Map(IEndpointRouteBuilder root) =>
        root.MapFallback("/api/v4/{**path}", static () => GitLabJson.Result(new { error = "404 Not Found" }, statusCode: StatusCodes.Status404NotFound));
}
