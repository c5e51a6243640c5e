namespace Registry.Core.Security;

/// <summary>The authenticated caller, as the permission evaluator sees it.</summary>
public sealed record RegistryPrincipal
{
    /// <summary>The caller without a credential.</summary>
    public static RegistryPrincipal Anonymous { get; } = new() { Kind = PrincipalKind.Anonymous };

    /// <summary>What kind of credential authenticated the caller.</summary>
    public required PrincipalKind Kind { get; init; }

    /// <summary>The user (personal access token or the job's user); null for deploy tokens and anonymous callers.</summary>
    public long? UserId { get; init; }

    /// <summary>The id of the personal access token that authenticated the user (GitLab's <c>/personal_access_tokens/self</c>), if any.</summary>
    public long? TokenId { get; init; }

    /// <summary>A name for logs and <c>whoami</c> answers (user name, or the deploy token's name).</summary>
    public string? DisplayName { get; init; }

    /// <summary>Instance administrator.</summary>
    public bool IsAdmin { get; init; }

    /// <summary>The token's scopes; job tokens carry <see cref="TokenScopes.Api"/> limited by the job rules.</summary>
    public TokenScopes Scopes { get; init; }

    /// <summary>For a project deploy token: its project.</summary>
    public long? DeployTokenProjectId { get; init; }

    /// <summary>For a group deploy token: its group (it reaches the group's subgroups and projects).</summary>
    public long? DeployTokenGroupId { get; init; }

    /// <summary>For a job token: the job.</summary>
    public JobContext? Job { get; init; }
}
