using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Registry.Core.Security;
using Registry.Formats.Hosting;

namespace Registry.Formats.Protocol;

/// <summary>
/// How a format's client reads an error, so that the kit (denials, body limits, unreadable bodies) answers in words the
/// client shows its user. The default is GitLab's API shape, <c>{"message": "..."}</c>
/// (https://docs.gitlab.com/ee/api/rest/troubleshooting.html#status-codes); a format whose client parses something
/// else (npm's <c>{"error": "..."}</c>) overrides <see cref="Render"/> and the texts it needs, and returns its shape from
/// <see cref="IPackageFormat.Errors"/>.
/// </summary>
public class ClientErrorShape
{
    /// <summary>GitLab's API shape: <c>{"message": "..."}</c> with GitLab's status texts.</summary>
    public static ClientErrorShape GitLab { get; } = new();

    /// <summary>An error body with <paramref name="statusCode"/>; GitLab's <c>{"message": "..."}</c> unless overridden.</summary>
    public virtual IResult Render(int statusCode, string message) => GitLabJson.Result(new { message }, statusCode: statusCode);

    /// <summary>The 404 for a project the caller may not know exists.</summary>
    public virtual IResult DeniedNotFound() => Render(StatusCodes.Status404NotFound, "404 Project Not Found");

    /// <summary>The 404 for a package, version or file that is not there.</summary>
    public virtual IResult NotFound() => Render(StatusCodes.Status404NotFound, "404 Not Found");

    /// <summary>A 400 that names what is wrong with the request.</summary>
    public virtual IResult BadRequest(string detail) => Render(StatusCodes.Status400BadRequest, "400 Bad request - " + detail);

    /// <summary>The 413 for a body over the format's limit of <paramref name="maxBytes"/> (announced or actual).</summary>
    public virtual IResult TooLarge(long maxBytes) => Render(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large");

    /// <summary>The answer for a body the server could not read (truncated, over Kestrel's limits), with the server's status.</summary>
    public virtual IResult UnreadableBody(BadHttpRequestException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Render(exception.StatusCode, "400 Bad request - " + exception.Message);
    }

    /// <summary>
    /// The 403 for an action a rule refuses to a caller who may otherwise take it (a protected package:
    /// <c>403 Forbidden - Package protected.</c>). The words ride in the status line's reason phrase too (HTTP/1.1), since
    /// dotnet nuget, twine and Maven show that rather than the body.
    /// </summary>
    public virtual IResult Refused(string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new ReasonPhraseResult(Render(StatusCodes.Status403Forbidden, "403 Forbidden - " + message), "Forbidden - " + message);
    }

    /// <summary>
    /// The 413 for a publish that would take its top-level group over a package quota
    /// (<c>413 Payload Too Large - Storage quota exceeded: ...</c>), the words in the reason phrase too, as for
    /// <see cref="Refused"/>: a limit of the namespace, not of the request, in the status clients already report as "too large".
    /// </summary>
    public virtual IResult QuotaExceeded(string message)
    {
        ArgumentException.ThrowIfNullOrEmpty(message);
        return new ReasonPhraseResult(Render(StatusCodes.Status413PayloadTooLarge, "413 Payload Too Large - " + message), "Payload Too Large - " + message);
    }

    /// <summary>
    /// The <c>{"error": "..."}</c> body of GitLab's Grape validation errors, which npm shows its user as is and GitLab's
    /// generic packages API answers for bad parameters.
    /// </summary>
    protected static IResult GrapeError(int statusCode, string error) => GitLabJson.Result(new { error }, statusCode: statusCode);

    /// <summary>
    /// The answer for a refused permission (https://docs.gitlab.com/ee/user/packages/package_registry/#authenticate-with-the-registry):
    /// 401 with a Basic challenge so that clients retry with their stored credential, 403, or 404 where existence must not leak.
    /// </summary>
    public IResult Denied(PermissionDecision decision) => decision.Denial switch
    {
        Denial.Unauthenticated => Unauthorized(),
        Denial.Forbidden => Render(StatusCodes.Status403Forbidden, "403 Forbidden"),
        _ => DeniedNotFound(),
    };

    /// <summary>401 with the Basic challenge (RFC 9110, section 11.6.1) that pip, Maven, NuGet and npm answer with a credential.</summary>
    public IResult Unauthorized() => new ChallengeResult(Render(StatusCodes.Status401Unauthorized, "401 Unauthorized"));

    private sealed class ReasonPhraseResult(IResult inner, string reasonPhrase) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (httpContext.Features.Get<IHttpResponseFeature>() is { } response && reasonPhrase.All(static c => c is >= ' ' and <= '~'))
            {
                response.ReasonPhrase = reasonPhrase;
            }

            return inner.ExecuteAsync(httpContext);
        }
    }

    private sealed class ChallengeResult(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ScriptedRequests.Challenge(httpContext);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
