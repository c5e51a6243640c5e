using Microsoft.AspNetCore.Http;
using Registry.Core.Audit;

namespace Registry.Formats.Hosting;

/// <summary>
/// The current request's client address and user agent for audit events. The address is the connection's: a host
/// behind a proxy runs ASP.NET Core's forwarded headers middleware first, which rewrites it.
/// </summary>
internal sealed class HttpRequestOrigin(IHttpContextAccessor accessor) : IRegistryRequestOrigin
{
    // A user agent is client-chosen text: long enough for every real client, short enough not to flood the audit log.
    private const int MaxUserAgentLength = 256;

    public string? ClientAddress => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public string? UserAgent => accessor.HttpContext?.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent
        ? agent[..Math.Min(agent.Length, MaxUserAgentLength)]
        : null;
}
