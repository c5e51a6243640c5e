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
}
