using System.Security.Claims;
using Registry.Core.Security;

namespace Registry.Formats.Hosting;

/// <summary>
/// Turns a user the host's own authentication signed in (cookie, JWT bearer, OpenID Connect: a
/// <see cref="ClaimsPrincipal"/>) into the registry's caller. <c>UseHostIdentity()</c> registers one that finds or
/// creates the user in the embedded directory by username; a host with its own directory registers its own.
/// </summary>
public interface IHostIdentityMapper
{
    /// <summary>The registry caller for <paramref name="user"/>, or null when the user has no registry identity (the request is then anonymous).</summary>
    Task<RegistryPrincipal?> MapOrNullAsync(ClaimsPrincipal user, CancellationToken cancellationToken);
}
