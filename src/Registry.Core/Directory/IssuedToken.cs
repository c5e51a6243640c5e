namespace Registry.Core.Directory;

/// <summary>A newly issued token. <see cref="Token"/> is shown once; only its hash is stored.</summary>
/// <param name="Id">The token's id (personal access token, deploy token or job id).</param>
/// <param name="Token">The secret text.</param>
/// <param name="ExpiresAt">When it expires, if ever.</param>
public sealed record IssuedToken(long Id, string Token, DateTimeOffset? ExpiresAt);
