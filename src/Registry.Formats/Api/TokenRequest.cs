using Microsoft.AspNetCore.Http;
using Registry.Core.Security;

namespace Registry.Formats.Api;

/// <summary>The parameters of a token creation: <c>name</c>, <c>scopes</c> (required, from the allowed set) and <c>expires_at</c>.</summary>
internal sealed record TokenRequest(string Name, TokenScopes Scopes, DateTimeOffset? ExpiresAt, string? Username)
{
    public const TokenScopes PersonalScopes = TokenScopes.Api | TokenScopes.ReadApi | TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry;
    public const TokenScopes DeployScopes = TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry;

    public static bool TryRead(ApiParameters parameters, TokenScopes allowed, out TokenRequest request, out IResult problem)
    {
        request = new TokenRequest(string.Empty, TokenScopes.None, null, null);
        problem = Results.Empty;
        if (parameters.Value("name") is not { } name)
        {
            problem = ApiProblems.Missing("name");
            return false;
        }

        var names = parameters.Values("scopes").SelectMany(static s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (names.Count == 0)
        {
            problem = ApiProblems.Missing("scopes");
            return false;
        }

        if (!TokenScopeNames.TryParse(names, out var scopes) || (scopes & ~allowed) != 0)
        {
            problem = ApiProblems.Invalid("scopes", $"scopes does not have a valid value; allowed: {string.Join(", ", TokenScopeNames.Format(allowed))}");
            return false;
        }

        if (!parameters.TryGet<DateTimeOffset>("expires_at", ApiParameters.TryParseDate, out var expiresAt, out var invalid))
        {
            problem = invalid;
            return false;
        }

        request = new TokenRequest(name, scopes, parameters.Value("expires_at") is null ? null : expiresAt, parameters.Value("username"));
        return true;
    }
}
