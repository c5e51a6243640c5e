namespace Registry.Core.Directory;

/// <summary>A newly issued (or rotated) project or group access token. <see cref="Token"/> is shown once; only its hash is stored.</summary>
/// <param name="Token">The secret text.</param>
/// <param name="Details">What the listings show of it.</param>
public sealed record IssuedResourceAccessToken(string Token, ResourceAccessToken Details);
