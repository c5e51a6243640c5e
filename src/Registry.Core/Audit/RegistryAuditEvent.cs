using Registry.Core.Security;

namespace Registry.Core.Audit;

/// <summary>
/// One change to the registry: who (user, token id and kind: never the token's text), what (action and subject), when
/// and from where (client address and user agent, when the change came over HTTP).
/// </summary>
public sealed record RegistryAuditEvent
{
    /// <summary>What happened (<see cref="RegistryAuditActions"/>).</summary>
    public required string Action { get; init; }
    /// <summary>When it committed (the registry's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset OccurredAt { get; init; }
    /// <summary>How the caller authenticated.</summary>
    public required PrincipalKind PrincipalKind { get; init; }
    /// <summary>The user (a personal or job token's user); null for deploy tokens.</summary>
    public long? UserId { get; init; }
    /// <summary>The user's name, or the deploy token's name.</summary>
    public string? Username { get; init; }
    /// <summary>The personal access token's id, when one authenticated the caller.</summary>
    public long? TokenId { get; init; }
    /// <summary>The CI job, when a job token authenticated the caller.</summary>
    public long? JobId { get; init; }
    /// <summary>Whether the caller is an instance administrator.</summary>
    public bool IsAdmin { get; init; }
    /// <summary>The project changed, if any.</summary>
    public long? ProjectId { get; init; }
    /// <summary>The group changed (settings, quota), if any.</summary>
    public long? GroupId { get; init; }
    /// <summary>The package type (<c>npm</c>, ...), if the change concerns a package or a rule.</summary>
    public string? PackageType { get; init; }
    /// <summary>The package's id, if any.</summary>
    public long? PackageId { get; init; }
    /// <summary>The package's name (or a rule's pattern), if any.</summary>
    public string? PackageName { get; init; }
    /// <summary>The package's version, if any.</summary>
    public string? PackageVersion { get; init; }
    /// <summary>The file's id, if any.</summary>
    public long? FileId { get; init; }
    /// <summary>The file's name, if any.</summary>
    public string? FileName { get; init; }
    /// <summary>The file's size in bytes, if any.</summary>
    public long? Size { get; init; }
    /// <summary>A short description of the new state (a rule's levels, a quota's limits), if any.</summary>
    public string? Details { get; init; }
    /// <summary>The client's address, when the change came over HTTP.</summary>
    public string? ClientAddress { get; init; }
    /// <summary>The client's <c>User-Agent</c>, when the change came over HTTP.</summary>
    public string? UserAgent { get; init; }
}
