using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Registry.Sample.Identity;

/// <summary>The company's identity provider (<c>Identity</c> section).</summary>
public sealed class IdentityProviderOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Identity";

    /// <summary>The OpenID Connect issuer (<c>Identity:Authority</c>, e.g. https://login.example.com/realms/company): keys come from its discovery document.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience the IdP puts in access tokens for the registry (<c>Identity:Audience</c>).</summary>
    public string Audience { get; set; } = "package-registry";

    /// <summary>
    /// A symmetric key (32+ characters) for the sample's stand-in IdP (<c>Identity:DemoSigningKey</c>): when set, the
    /// sample issues and accepts its own tokens at <c>POST /demo-idp/token</c>. For trying the sample only.
    /// </summary>
    public string? DemoSigningKey { get; set; }

    /// <summary>The issuer of the stand-in IdP's tokens.</summary>
    public const string DemoIssuer = "registry-sample-demo-idp";

    /// <summary>Configures JWT bearer validation for the real IdP, or for the stand-in when no authority is set.</summary>
    public void Configure(JwtBearerOptions jwt)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        // Keep the IdP's claim names (preferred_username, name) instead of WS-Federation URIs.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters.ValidAudience = Audience;
        jwt.TokenValidationParameters.NameClaimType = "preferred_username";
        if (Authority is not null)
        {
            jwt.Authority = Authority;
            return;
        }

        if (DemoSigningKey is null || DemoSigningKey.Length < 32)
        {
            throw new InvalidOperationException("Set Identity:Authority to your identity provider, or Identity:DemoSigningKey (32+ characters) to try the sample's stand-in.");
        }

        jwt.TokenValidationParameters.ValidIssuer = DemoIssuer;
        jwt.TokenValidationParameters.IssuerSigningKey = SigningKey();
    }

    /// <summary>The stand-in IdP's key.</summary>
    public SymmetricSecurityKey SigningKey() => new(Encoding.UTF8.GetBytes(DemoSigningKey ?? string.Empty));
}
