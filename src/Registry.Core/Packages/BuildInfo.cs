namespace Registry.Core.Packages;

/// <summary>The CI job that published a package version; GitLab keeps the last five per package.</summary>
public sealed record BuildInfo
{
    /// <summary>Pipeline id.</summary>
    public long? PipelineId { get; init; }
    /// <summary>Git ref the pipeline ran for.</summary>
    public string? Ref { get; init; }
    /// <summary>Commit SHA.</summary>
    public string? CommitSha { get; init; }
    /// <summary>The user who triggered the job.</summary>
    public long? UserId { get; init; }
    /// <summary>When the publish happened.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
