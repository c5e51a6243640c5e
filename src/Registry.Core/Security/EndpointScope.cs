namespace Registry.Core.Security;

/// <summary>Which of GitLab's three endpoint levels a request came through.</summary>
public enum EndpointScope
{
    /// <summary><c>/api/v4/projects/{id}/packages/...</c></summary>
    Project = 0,
    /// <summary><c>/api/v4/groups/{id}/-/packages/...</c></summary>
    Group = 1,
    /// <summary><c>/api/v4/packages/...</c></summary>
    Instance = 2,
}
