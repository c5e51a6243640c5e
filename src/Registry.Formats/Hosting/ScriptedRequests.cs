using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Hosting;

/// <summary>
/// Requests made by the registry's own pages (<c>fetch</c> with <c>X-Requested-With: XMLHttpRequest</c>). A 401 to
/// them carries no <c>WWW-Authenticate: Basic</c> challenge: a browser answers that challenge with its own sign-in
/// dialog, where the page itself asks for a token. Every client of the protocols still gets the challenge it retries on.
/// </summary>
internal static class ScriptedRequests
{
    public const string Header = "X-Requested-With";
    public const string Value = "XMLHttpRequest";

    /// <summary>Sets the Basic challenge on a 401, unless the request came from a page's script.</summary>
    public static void Challenge(HttpContext context)
    {
        if (!string.Equals(context.Request.Headers[Header], Value, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = RegistryAuthenticationDefaults.Challenge;
        }
    }
}
