using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Registry.Formats.Hosting;

/// <summary>
/// The limiter behind <see cref="RateLimitOptions"/>: two partitioned fixed-window limiters of
/// System.Threading.RateLimiting (the ones ASP.NET Core's rate limiting middleware runs), one for reads and one for
/// writes, partitioned by caller. <see cref="RegistryEndpointGuard"/> acquires the lease itself rather than through
/// <c>UseRateLimiter()</c>, because the caller is only known once the registry's authentication ran, and so that a
/// host needs no middleware call for the limits to apply to exactly the registry's routes.
/// </summary>
internal sealed class RegistryRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _reads;
    private readonly PartitionedRateLimiter<string> _writes;
    private readonly RateLimitOptions _options;
    private readonly TimeProvider _time;

    public RegistryRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _reads = Create(_options.Reads);
        _writes = Create(_options.Writes);
    }

    /// <summary>The host's limiter when <see cref="RateLimitOptions.Enabled"/>; null otherwise, so the guard skips it.</summary>
    public static RegistryRateLimiter? CreateOrNull(IServiceProvider services) =>
        services.GetService<IOptions<RateLimitOptions>>()?.Value.Enabled == true ? services.GetService<RegistryRateLimiter>() : null;

    /// <summary>Takes one permit for the request's caller; a lease that is not acquired is answered by <see cref="RejectAsync"/>.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(HttpContext context)
    {
        var write = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method));
        var caller = await CallerAsync(context).ConfigureAwait(false);
        return (write ? _writes : _reads).AttemptAcquire(caller);
    }

    /// <summary>GitLab's answer to a throttled request (its Rack::Attack responder): 429, <c>Retry later</c> and the <c>RateLimit-*</c> headers.</summary>
    public Task RejectAsync(HttpContext context, RateLimitLease lease)
    {
        var write = !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method));
        var rule = write ? _options.Writes : _options.Reads;
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : rule.Window;
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var reset = _time.GetUtcNow().AddSeconds(seconds);
        var headers = context.Response.Headers;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "text/plain";
        headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Name"] = write ? "throttle_registry_writes" : "throttle_registry_reads";
        headers["RateLimit-Limit"] = rule.PermitLimit.ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-Remaining"] = "0";
        headers["RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        headers["RateLimit-ResetTime"] = HeaderUtilities.FormatDate(reset);
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync("Retry later\n", context.RequestAborted);
    }

    public void Dispose()
    {
        _reads.Dispose();
        _writes.Dispose();
    }

    /// <summary>
    /// The partition: the token's id (its secret never becomes a key), else the user, else the client address. A refused
    /// credential counts against the address, so guessing tokens is limited too.
    /// </summary>
    private static async ValueTask<string> CallerAsync(HttpContext context)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        return principal switch
        {
            { TokenId: { } token } => "token:" + token.ToString(CultureInfo.InvariantCulture),
            { UserId: { } user } => "user:" + user.ToString(CultureInfo.InvariantCulture),
            _ => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
        };
    }

    private static PartitionedRateLimiter<string> Create(RateLimitRule rule) =>
        PartitionedRateLimiter.Create<string, string>(caller => RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
