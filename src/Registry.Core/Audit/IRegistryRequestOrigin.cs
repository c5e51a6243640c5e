namespace Registry.Core.Audit;

/// <summary>
/// Where the current change comes from, for <see cref="RegistryAuditEvent.ClientAddress"/> and
/// <see cref="RegistryAuditEvent.UserAgent"/>. Core knows no HTTP: the HTTP layer registers an implementation that reads
/// the current request; without one (a background job) both are null.
/// </summary>
public interface IRegistryRequestOrigin
{
    /// <summary>The client's address, or null.</summary>
    string? ClientAddress { get; }

    /// <summary>The client's user agent, or null.</summary>
    string? UserAgent { get; }
}
