using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Registry.Core.Security;

namespace Registry.Formats.Hosting;

/// <summary>Reads the caller of a registry request.</summary>
public static class RegistryHttpContextExtensions
{
    /// <summary>
    /// The caller: <see cref="RegistryPrincipal.Anonymous"/> without a credential, or null when a credential was
    /// sent but is not valid (the request must then be answered 401, even for public resources, as GitLab does).
    /// </summary>
    public static async Task<RegistryPrincipal?> GetRegistryPrincipalOrNullAsync(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(RegistryAuthenticationHandler.PrincipalItemKey, out var cached) && cached is RegistryPrincipal known)
        {
            return known;
        }

        var result = await context.AuthenticateAsync(RegistryAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (result.None)
        {
            return RegistryPrincipal.Anonymous;
        }

        return result.Succeeded && context.Items.TryGetValue(RegistryAuthenticationHandler.PrincipalItemKey, out var principal)
            ? principal as RegistryPrincipal
            : null;
    }
}
