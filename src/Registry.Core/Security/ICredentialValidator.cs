namespace Registry.Core.Security;

/// <summary>Turns a token a client sent into a principal.</summary>
public interface ICredentialValidator
{
    /// <summary>The principal the token stands for; null when the token is unknown, expired, revoked or its job finished.</summary>
    Task<RegistryPrincipal?> ValidateOrNullAsync(string token, CancellationToken cancellationToken);
}
