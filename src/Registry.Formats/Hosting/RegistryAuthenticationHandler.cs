using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Formats.Hosting;

/// <summary>
/// The registry's authentication scheme: reads a token in any client convention, validates it with
/// <see cref="ICredentialValidator"/>, and puts the <see cref="RegistryPrincipal"/> on the request.
/// Hosts may use the scheme for their own endpoints too. The token itself is never logged.
/// </summary>
public sealed class RegistryAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    internal const string PrincipalItemKey = "Registry.Principal";
    private readonly ICredentialValidator _validator;

    /// <summary>Creates the handler.</summary>
    public RegistryAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ICredentialValidator validator)
        : base(options, logger, encoder) => _validator = validator;

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = CredentialReader.FindTokenOrNull(Request);
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        // The authentication middleware runs before the endpoint, so the lookup enters the request's read scope (which
        // the endpoint then reuses: one revision check per request), or, for a request that may write, a scope of its
        // own that spans this lookup only.
        using var scope = ReadScope.Current is null ? RequestReadScope.ForReadOrNull(Context)?.Enter() ?? ReadScope.Begin() : null;
        var principal = await _validator.ValidateOrNullAsync(token, Context.RequestAborted).ConfigureAwait(false);
        if (principal is null)
        {
            return AuthenticateResult.Fail("The token is unknown, expired or revoked.");
        }

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

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes401;
        Response.Headers.WWWAuthenticate = RegistryAuthenticationDefaults.Challenge;
        return Task.CompletedTask;
    }

    private const int StatusCodes401 = 401;
}
