using Microsoft.Extensions.Logging;

namespace Registry.Core.Audit;

/// <summary>
/// The default <see cref="IRegistryAuditSink"/>: one structured log event per change, under the category
/// <c>Registry.Core.Audit.LoggingRegistryAuditSink</c> with <see cref="EventId"/> 4100 (<c>RegistryAudit</c>), each field a
/// named property (<c>{Action}</c>, <c>{ProjectId}</c>, <c>{TokenId}</c>, ...) that a structured logger keeps as is.
/// </summary>
public sealed partial class LoggingRegistryAuditSink(ILogger<LoggingRegistryAuditSink> logger) : IRegistryAuditSink
{
    /// <summary>The id of every audit log event.</summary>
    public static readonly EventId EventId = new(4100, "RegistryAudit");

    /// <inheritdoc />
    public ValueTask WriteAsync(RegistryAuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        LogEvent(
            logger,
            auditEvent.Action,
            auditEvent.OccurredAt,
            auditEvent.PrincipalKind,
            auditEvent.UserId,
            auditEvent.Username,
            auditEvent.TokenId,
            auditEvent.JobId,
            auditEvent.IsAdmin,
            auditEvent.ProjectId,
            auditEvent.GroupId,
            auditEvent.PackageType,
            auditEvent.PackageId,
            auditEvent.PackageName,
            auditEvent.PackageVersion,
            auditEvent.FileId,
            auditEvent.FileName,
            auditEvent.Size,
            auditEvent.Details,
            auditEvent.ClientAddress,
            auditEvent.UserAgent);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(
        EventId = 4100,
        EventName = "RegistryAudit",
        Level = LogLevel.Information,
        Message = "Audit {Action} at {OccurredAt} by {PrincipalKind} user {UserId} ({Username}) token {TokenId} job {JobId} admin {IsAdmin}: project {ProjectId} group {GroupId} {PackageType} package {PackageId} {PackageName} {PackageVersion} file {FileId} {FileName} ({Size} bytes) {Details} from {ClientAddress} {UserAgent}")]
    private static partial void LogEvent(
        ILogger logger,
        string action,
        DateTimeOffset occurredAt,
        Security.PrincipalKind principalKind,
        long? userId,
        string? username,
        long? tokenId,
        long? jobId,
        bool isAdmin,
        long? projectId,
        long? groupId,
        string? packageType,
        long? packageId,
        string? packageName,
        string? packageVersion,
        long? fileId,
        string? fileName,
        long? size,
        string? details,
        string? clientAddress,
        string? userAgent);
}
