using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Api;

/// <summary>
/// The management API's errors as ProblemDetails (RFC 9457). <c>detail</c> carries GitLab's own text
/// (<c>name is missing</c>, <c>has already been taken</c>) and <c>errors</c> names the offending parameter,
/// so scripts written against GitLab still find the words they look for.
/// </summary>
internal static class ApiProblems
{
    public static IResult Invalid(string parameter, string detail) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [parameter] = [detail] },
            detail: detail,
            title: "Invalid parameter");

    public static IResult Missing(string parameter) => Invalid(parameter, $"{parameter} is missing");

    public static IResult Taken(string parameter) => Invalid(parameter, $"{parameter} has already been taken");

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"404 {what} Not Found");

    public static IResult Forbidden(string detail = "403 Forbidden") =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static IResult InsufficientScope(string scope) =>
        Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "insufficient_scope",
            detail: "The request requires higher privileges than provided by the access token.",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["error"] = "insufficient_scope", ["scope"] = scope });
}
