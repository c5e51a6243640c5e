using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Formats.Hosting;

/// <summary>
/// The registry's authentication scheme: reads a token in any client convention, validates it with
/// <see cref="ICredentialValidator"/>, and puts the <see cref="RegistryPrincipal"/> on the request.
/// Hosts may use the scheme for their own endpoints too. The token itself is never logged, and a refused token is
/// logged at Debug, not Information (see <see cref="DemotedLoggerFactory"/>); <see cref="RegistryMetrics"/> counts them.
/// </summary>
public sealed class RegistryAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    internal const string PrincipalItemKey = "Registry.Principal";

    /// <summary>
    /// Set when the principal came from a registry token read by <see cref="CredentialReader"/>, whose headers a front
    /// proxy can key on; a host scheme's principal may rest on anything in the request.
    /// </summary>
    internal const string TokenCredentialItemKey = "Registry.TokenCredential";
    private readonly ICredentialValidator _validator;

    /// <summary>Creates the handler.</summary>
    public RegistryAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ICredentialValidator validator)
        : base(options, new DemotedLoggerFactory(logger), encoder) => _validator = validator;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = CredentialReader.FindTokenOrNull(Request);
        if (token is null)
        {
            return await AuthenticateThroughHostOrNullAsync().ConfigureAwait(false) ?? AuthenticateResult.NoResult();
        }

        // The authentication middleware runs before the endpoint, so the lookup enters the request's read scope (which
        // the endpoint then reuses: one revision check per request), or, for a request that may write, a scope of its
        // own that spans this lookup only.
        RegistryPrincipal? principal;
        using (ReadScope.Current is null ? RequestReadScope.ForReadOrNull(Context)?.Enter() ?? ReadScope.Begin() : null)
        {
            principal = await _validator.ValidateOrNullAsync(token, Context.RequestAborted).ConfigureAwait(false);
        }

        if (principal is null)
        {
            // Not a registry token: it may be the host's own (a JWT in the same Authorization header).
            if (await AuthenticateThroughHostOrNullAsync().ConfigureAwait(false) is { } host)
            {
                return host;
            }

            (Context.RequestServices.GetService(typeof(RegistryMetrics)) as RegistryMetrics)?.RecordRefusedAuthentication();
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        }

        Context.Items[TokenCredentialItemKey] = true;
        return Success(principal);
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes401;
        ScriptedRequests.Challenge(Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Asks the host's own schemes (<see cref="HostIdentityOptions.Schemes"/>) in order; the first that signs the request
    /// in and maps to a registry user wins. Null when none is configured or none answers.
    /// </summary>
    private async Task<AuthenticateResult?> AuthenticateThroughHostOrNullAsync()
    {
        var mapper = Context.RequestServices.GetService(typeof(IHostIdentityMapper)) as IHostIdentityMapper;
        var schemes = (Context.RequestServices.GetService(typeof(IOptionsMonitor<HostIdentityOptions>)) as IOptionsMonitor<HostIdentityOptions>)?.CurrentValue.Schemes;
        if (mapper is null || schemes is null)
        {
            return null;
        }

        foreach (var scheme in schemes)
        {
            var result = await Context.AuthenticateAsync(scheme).ConfigureAwait(false);
            if (result.Succeeded && result.Principal is { } user)
            {
                // No read scope here: the mapper may create the user, and a scope must span no write.
                var principal = await mapper.MapOrNullAsync(user, Context.RequestAborted).ConfigureAwait(false);
                if (principal is not null)
                {
                    return Success(principal);
                }
            }
        }

        return null;
    }

    private AuthenticateResult Success(RegistryPrincipal principal)
    {
        Context.Items[PrincipalItemKey] = principal;
        var claims = new List<Claim> { new("registry:kind", principal.Kind.ToString()) };
        if (principal.DisplayName is { } name)
        {
            claims.Add(new Claim(ClaimTypes.Name, name));
        }

        if (principal.UserId is { } userId)
        {
            claims.Add(new Claim(ClaimTypes.NameIdentifier, userId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    private const int StatusCodes401 = 401;
}
