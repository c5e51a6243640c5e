namespace Registry.Core.Directory;

/// <summary>A user of the embedded directory.</summary>
public sealed record User
{
    /// <summary>Database id.</summary>
    public required long Id { get; init; }
    /// <summary>Unique user name.</summary>
    public required string Username { get; init; }
    /// <summary>Display name.</summary>
    public required string Name { get; init; }
    /// <summary>Instance administrator.</summary>
    public bool IsAdmin { get; init; }
    /// <summary>
    /// A bot that stands for a project or group access token (GitLab's <c>project_bot</c> user type): created with the
    /// token, a member of that one project or group at the token's access level, never signed in otherwise.
    /// </summary>
    public bool IsBot { get; init; }
}
