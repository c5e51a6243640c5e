namespace Registry.Core.Directory;

/// <summary>The result of <see cref="ResourceAccessTokenIssuer.IssueAsync"/>: the issued token, or why it was refused.</summary>
/// <param name="Issued">The token, shown once; null when refused.</param>
/// <param name="Error">GitLab's reason for the refusal (a 400 <c>message</c>); null when issued.</param>
public sealed record ResourceAccessTokenResult(IssuedResourceAccessToken? Issued, string? Error);
