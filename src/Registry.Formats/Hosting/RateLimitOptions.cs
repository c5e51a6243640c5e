namespace Registry.Formats.Hosting;

/// <summary>
/// Rate limits on the registry's API (<c>PackageRegistry:RateLimits</c>), off by default. When on, each caller gets
/// <see cref="Reads"/> GET and HEAD requests and, apart from them, <see cref="Writes"/> other requests per window: a
/// caller is the token it authenticated with (its id, never its secret), the signed-in user when there is no token, or
/// the client IP address for anonymous requests and refused credentials. A request over its limit is answered as
/// GitLab answers a throttled one (https://docs.gitlab.com/ee/user/admin_area/settings/user_and_ip_rate_limits.html):
/// <c>429</c>, <c>Retry later</c>, <c>Retry-After</c> in seconds and the <c>RateLimit-*</c> headers. Nothing is queued.
/// Behind a proxy the client address is the proxy's unless the host calls <c>UseForwardedHeaders()</c>.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PackageRegistry:RateLimits";

    /// <summary>Whether requests are limited at all (<c>PackageRegistry:RateLimits:Enabled</c>); false by default.</summary>
    public bool Enabled { get; set; }

    /// <summary>The limit on GET and HEAD requests (<c>PackageRegistry:RateLimits:Reads</c>): 1000 a minute by default.</summary>
    public RateLimitRule Reads { get; set; } = new() { PermitLimit = 1000, Window = TimeSpan.FromMinutes(1) };

    /// <summary>The limit on every other request: publish, delete, tag (<c>PackageRegistry:RateLimits:Writes</c>): 100 a minute by default.</summary>
    public RateLimitRule Writes { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };
}
