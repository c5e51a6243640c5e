using Registry.Core.Packages;

namespace Registry.Core.Publishing;

/// <summary>What to publish: the package identity, the file, and the format's rules for it.</summary>
public sealed record PublishRequest
{
    /// <summary>The format.</summary>
    public required PackageType Type { get; init; }
    /// <summary>The package name as sent (may be replaced by the inspector).</summary>
    public required string Name { get; init; }
    /// <summary>The version as sent (may be replaced by the inspector).</summary>
    public required string Version { get; init; }
    /// <summary>The file's name.</summary>
    public required string FileName { get; init; }
    /// <summary>The largest body accepted, in bytes.</summary>
    public required long MaxBytes { get; init; }
    /// <summary>The status to give the package.</summary>
    public PackageStatus Status { get; init; } = PackageStatus.Default;
    /// <summary>What to do when the package or file exists.</summary>
    public DuplicateRule Duplicates { get; init; }
    /// <summary>
    /// When set, the format honours GitLab's namespace package settings: the project's top-level group decides whether
    /// a duplicate is allowed (<see cref="DuplicatePolicy"/>), and this is the format's answer where the group stored
    /// none. An allowed duplicate is published as <see cref="DuplicateRule.Allow"/>; otherwise <see cref="Duplicates"/> applies.
    /// </summary>
    public bool? DuplicatesAllowedByDefault { get; init; }
    /// <summary>Metadata to store as JSON.</summary>
    public string? Metadata { get; init; }
    /// <summary>
    /// Reads the uploaded bytes (a fresh stream from the start) before they are committed, to validate them or
    /// take the identity from them. Null for formats that store bytes verbatim.
    /// </summary>
    public Func<Stream, CancellationToken, Task<ContentInspection>>? Inspect { get; init; }
}
