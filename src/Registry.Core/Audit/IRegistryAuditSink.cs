namespace Registry.Core.Audit;

/// <summary>
/// Where the registry's audit events go. The default (<see cref="LoggingRegistryAuditSink"/>) writes each as a
/// structured log event; a host ships them to its own audit log by registering its sink before or after
/// <c>AddPackageRegistry()</c> (<c>services.AddSingleton&lt;IRegistryAuditSink, MySink&gt;()</c>; the registry registers
/// its default with <c>TryAdd</c>).
/// </summary>
/// <remarks>
/// Events are written after the change committed, once per change, and never for a refused action (refusals are in
/// the ordinary log). A sink that throws does not undo the change nor fail the request: the failure is logged.
/// </remarks>
public interface IRegistryAuditSink
{
    /// <summary>Records one event.</summary>
    ValueTask WriteAsync(RegistryAuditEvent auditEvent, CancellationToken cancellationToken);
}
