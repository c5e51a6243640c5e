using Microsoft.Extensions.Logging;
using Registry.Core.Security;

namespace Registry.Core.Audit;

/// <summary>
/// Writes audit events to the registered <see cref="IRegistryAuditSink"/>, filling in who (from the principal: ids,
/// names and kinds, never a secret), when (<see cref="TimeProvider"/>) and from where (<see cref="IRegistryRequestOrigin"/>).
/// The use cases call it after their transaction committed; other parts of a host (a cleanup policy's changes, say)
/// call it the same way.
/// </summary>
public sealed partial class RegistryAudit
{
    private readonly IRegistryAuditSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger<RegistryAudit> _logger;
    private readonly IRegistryRequestOrigin? _origin;

    /// <summary>Creates the writer; without <paramref name="origin"/> (no HTTP layer) the events carry no address.</summary>
    public RegistryAudit(IRegistryAuditSink sink, TimeProvider time, ILogger<RegistryAudit> logger, IRegistryRequestOrigin? origin = null)
    {
        _sink = sink;
        _time = time;
        _logger = logger;
        _origin = origin;
    }

    /// <summary>
    /// Writes the event <paramref name="action"/> by <paramref name="principal"/>, with the subject <paramref name="describe"/>
    /// adds (project, package, ...). Call it once the change is committed. It does not take the request's cancellation:
    /// a change that happened is recorded even when its client has gone. A failing sink is logged, not thrown.
    /// </summary>
    /// <param name="action">What happened (<see cref="RegistryAuditActions"/> or a host's own name).</param>
    /// <param name="principal">Who did it.</param>
    /// <param name="describe">Adds the subject to the event.</param>
    public async ValueTask RecordAsync(string action, RegistryPrincipal principal, Func<RegistryAuditEvent, RegistryAuditEvent> describe)
    {
        ArgumentException.ThrowIfNullOrEmpty(action);
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(describe);
        var auditEvent = describe(new RegistryAuditEvent
        {
            Action = action,
            OccurredAt = _time.GetUtcNow(),
            PrincipalKind = principal.Kind,
            UserId = principal.UserId,
            Username = principal.DisplayName,
            TokenId = principal.TokenId,
            JobId = principal.Job?.JobId,
            IsAdmin = principal.IsAdmin,
            ClientAddress = _origin?.ClientAddress,
            UserAgent = _origin?.UserAgent,
        });

        try
        {
            await _sink.WriteAsync(auditEvent, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The change is committed; a broken audit sink must not turn its success into an error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSinkFailed(_logger, ex, action);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The audit sink failed to record a {Action} event")]
    private static partial void LogSinkFailed(ILogger logger, Exception exception, string action);
}
