using Registry.Core.Directory;

namespace Registry.Core.Security;

/// <summary>Everything the permission evaluator needs to know about a project and the caller's place in it.</summary>
public sealed record ProjectAccessFacts
{
    /// <summary>The project.</summary>
    public required Project Project { get; init; }

    /// <summary>The caller's user's effective role in the project (<see cref="AccessLevel.None"/> for non-members and deploy tokens).</summary>
    public AccessLevel Role { get; init; }

    /// <summary>For a job token from another project: whether this project's allowlist lets it in.</summary>
    public bool JobTokenAllowed { get; init; }

    /// <summary>The instance-wide package registry switch.</summary>
    public bool InstanceRegistryEnabled { get; init; } = true;

    /// <summary>Which endpoint level the request came through ("allow anyone to pull" holds only at project level).</summary>
    public EndpointScope Scope { get; init; } = EndpointScope.Project;
}
