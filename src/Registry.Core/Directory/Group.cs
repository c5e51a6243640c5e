namespace Registry.Core.Directory;

/// <summary>A group; groups nest through <see cref="ParentId"/>.</summary>
public sealed record Group
{
    /// <summary>Database id.</summary>
    public required long Id { get; init; }
    /// <summary>Parent group, or null for a top-level group.</summary>
    public long? ParentId { get; init; }
    /// <summary>Display name.</summary>
    public required string Name { get; init; }
    /// <summary>Last path segment.</summary>
    public required string Path { get; init; }
    /// <summary>Full path (<c>parent/child</c>).</summary>
    public required string FullPath { get; init; }
    /// <summary>Visibility.</summary>
    public required ProjectVisibility Visibility { get; init; }
}
