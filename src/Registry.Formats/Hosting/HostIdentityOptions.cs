using System.Security.Claims;

namespace Registry.Formats.Hosting;

/// <summary>
/// How requests signed in by the host's own authentication reach the registry (<c>PackageRegistry:HostIdentity</c>).
/// Registry tokens keep working beside them: a request is offered to the host's schemes only when it carries no token
/// the registry knows.
/// </summary>
public sealed class HostIdentityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:HostIdentity";

    /// <summary>The host's authentication schemes to ask, in order (for example <c>Bearer</c>, <c>Cookies</c>).</summary>
    public IList<string> Schemes { get; } = [];

    /// <summary>Claims that carry the username, the first present wins (OpenID Connect's <c>preferred_username</c>, then the name claim).</summary>
    public IList<string> UsernameClaims { get; } = ["preferred_username", ClaimTypes.Name];

    /// <summary>Create a directory user at a signed-in user's first request (GitLab's auto sign-up for SSO users). Default: on.</summary>
    public bool CreateUsers { get; set; } = true;

    /// <summary>A role (<see cref="ClaimsPrincipal.IsInRole"/>) that makes a user the registry's administrator for that request; none by default.</summary>
    public string? AdministratorRole { get; set; }

    /// <summary>
    /// Let host-signed-in users publish and delete (token scope <c>api</c>). Off by default, giving <c>read_api</c>:
    /// a browser sends cookies with requests other sites start, so writes through a cookie scheme invite cross-site
    /// request forgery. Turn it on for bearer schemes, which a browser never sends on its own.
    /// </summary>
    public bool AllowWrites { get; set; }
}
