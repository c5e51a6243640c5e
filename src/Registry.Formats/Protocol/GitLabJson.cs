using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>
/// The one way the registry answers GitLab REST API JSON (the management API, the packages API, GitLab-shaped errors):
/// <c>Content-Type: application/json</c> with no <c>charset</c> parameter, exactly as GitLab sends it
/// (https://docs.gitlab.com/ee/api/rest/#data-validation-and-error-reporting). ASP.NET Core's default adds
/// <c>; charset=utf-8</c>, which some packaged GitLab API client versions refuse as an unparseable response.
/// </summary>
internal static class GitLabJson
{
    /// <summary>GitLab's media type for every API answer, success or error.</summary>
    public const string ContentType = "application/json";

    /// <summary>Serializes <paramref name="value"/> with <paramref name="options"/> (the web defaults when null).</summary>
    public static IResult Result(object? value, JsonSerializerOptions? options = null, int statusCode = StatusCodes.Status200OK) =>
        Results.Json(value, options, ContentType, statusCode);
}
