using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// The management API's errors in GitLab's body shapes (lib/api/helpers.rb, https://docs.gitlab.com/ee/api/rest/troubleshooting.html):
/// <c>{"message": "404 Project Not Found"}</c>, <c>{"message": {"path": ["has already been taken"]}}</c> for a model's
/// validation, and Grape's <c>{"error": "name is missing"}</c> for a bad parameter, which then carries the same text as
/// <c>message</c> too, so that every error has one. The ProblemDetails fields of RFC 9457 (<c>type</c>, <c>title</c>,
/// <c>status</c>, <c>detail</c>, and <c>errors</c> naming the offending parameter) ride along, but the media type is
/// GitLab's <c>application/json</c> (<see cref="GitLabJson"/>), as GitLab API clients expect.
/// </summary>
internal static class ApiProblems
{
    private const string ValidationTitle = "Invalid parameter";

    /// <summary>Grape's answer for a parameter with a bad value: <c>{"error": detail}</c> (and <c>message</c>).</summary>
    public static IResult Invalid(string parameter, string detail) =>
        Render(StatusCodes.Status400BadRequest, ValidationTitle, detail, message: detail, error: detail, parameter);

    /// <summary>Grape's answer for a missing required parameter: <c>{"error": "name is missing"}</c>.</summary>
    public static IResult Missing(string parameter) => Invalid(parameter, $"{parameter} is missing");

    /// <summary>GitLab's answer for a failed model validation: <c>{"message": {"path": ["has already been taken"]}}</c>.</summary>
    public static IResult Taken(string parameter) =>
        Render(
            StatusCodes.Status400BadRequest,
            ValidationTitle,
            $"{parameter} has already been taken",
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [parameter] = ["has already been taken"] },
            error: null,
            parameter);

    /// <summary>GitLab's <c>bad_request!(reason)</c>: <c>{"message": "400 Bad request - reason"}</c>.</summary>
    public static IResult BadRequest(string reason) =>
        Render(StatusCodes.Status400BadRequest, "Bad Request", reason, "400 Bad request - " + reason);

    public static IResult Conflict(string detail) => Render(StatusCodes.Status409Conflict, "Conflict", detail, detail);

    public static IResult NotFound(string what) => Render(StatusCodes.Status404NotFound, "Not Found", $"404 {what} Not Found", $"404 {what} Not Found");

    public static IResult Forbidden(string detail = "403 Forbidden") => Render(StatusCodes.Status403Forbidden, "Forbidden", detail, detail);

    /// <summary>GitLab's answer for a token without the scope an API needs (lib/gitlab/auth/auth_finders.rb).</summary>
    public static IResult InsufficientScope(string scope)
    {
        const string Description = "The request requires higher privileges than provided by the access token.";
        return GitLabJson.Result(
            new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["type"] = TypeOf(StatusCodes.Status403Forbidden),
                ["title"] = "insufficient_scope",
                ["status"] = StatusCodes.Status403Forbidden,
                ["detail"] = Description,
                ["message"] = "403 Forbidden - " + Description,
                ["error"] = "insufficient_scope",
                ["error_description"] = Description,
                ["scope"] = scope,
            },
            statusCode: StatusCodes.Status403Forbidden);
    }

    private static IResult Render(int status, string title, string detail, object message, string? error = null, string? parameter = null)
    {
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = TypeOf(status),
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        if (parameter is not null)
        {
            body["errors"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { [parameter] = [detail] };
        }

        body["message"] = message;
        if (error is not null)
        {
            body["error"] = error;
        }

        return GitLabJson.Result(body, statusCode: status);
    }

    /// <summary>The RFC 9110 section for the status, as ASP.NET Core's own ProblemDetails name it.</summary>
    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status403Forbidden => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        StatusCodes.Status409Conflict => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        _ => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    };
}
