namespace Registry.Core.Security;

/// <summary>The CI job behind a job token; what it publishes is recorded as build info.</summary>
/// <param name="JobId">The job.</param>
/// <param name="ProjectId">The project the job runs in.</param>
/// <param name="PipelineId">Its pipeline.</param>
/// <param name="Ref">The git ref.</param>
/// <param name="CommitSha">The commit.</param>
public sealed record JobContext(long JobId, long ProjectId, long? PipelineId, string? Ref, string? CommitSha);
