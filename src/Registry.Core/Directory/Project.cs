namespace Registry.Core.Directory;

/// <summary>A project: the owner of packages.</summary>
public sealed record Project
{
    /// <summary>Database id.</summary>
    public required long Id { get; init; }
    /// <summary>The group the project lives in.</summary>
    public required long GroupId { get; init; }
    /// <summary>Every group above the project, nearest first (its own group, then that group's parent, ...).</summary>
    public required IReadOnlyList<long> AncestorGroupIds { get; init; }
    /// <summary>Display name.</summary>
    public required string Name { get; init; }
    /// <summary>Last path segment.</summary>
    public required string Path { get; init; }
    /// <summary>Full path (<c>group/sub/project</c>).</summary>
    public required string FullPath { get; init; }
    /// <summary>Visibility.</summary>
    public required ProjectVisibility Visibility { get; init; }
    /// <summary>The package registry setting.</summary>
    public PackageRegistryAccessLevel PackageRegistryAccessLevel { get; init; } = PackageRegistryAccessLevel.Enabled;
}
