using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Registry.Sample.Identity;

/// <summary>
/// The sample's stand-in for a company identity provider: <c>POST /demo-idp/token</c> with a form field <c>username</c>
/// answers an access token as an OAuth token endpoint would. It checks no password: it exists so the sample runs alone.
/// </summary>
internal static class DemoIdentityProvider
{
    public static async Task<IResult> IssueAsync(HttpRequest request, IdentityProviderOptions options)
    {
        if (!request.HasFormContentType)
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = "send username as a form field" });
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var username = form["username"].ToString();
        if (string.IsNullOrWhiteSpace(username))
        {
            return Results.BadRequest(new { error = "invalid_request", error_description = "username is required" });
        }

        var lifetime = TimeSpan.FromHours(1);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IdentityProviderOptions.DemoIssuer,
            Audience = options.Audience,
            Expires = DateTime.UtcNow.Add(lifetime),
            Subject = new ClaimsIdentity([new Claim("sub", username), new Claim("preferred_username", username), new Claim("name", form["name"].ToString() is { Length: > 0 } name ? name : username)]),
            SigningCredentials = new SigningCredentials(options.SigningKey(), SecurityAlgorithms.HmacSha256),
        });
        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = (int)lifetime.TotalSeconds });
    }
}
