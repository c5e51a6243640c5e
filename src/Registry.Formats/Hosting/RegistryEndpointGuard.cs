using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Core.Protection;
using Registry.Core.Storage;
using Registry.Core.Usage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Hosting;

/// <summary>
/// What <c>MapPackageRegistry</c> runs around every registry endpoint, in one frame per request: a read request runs in
/// its <see cref="ReadScope"/> (the stores check once that nothing changed and answer its lookups from memory; a request
/// that writes runs under <see cref="ReadScope.BeginPerLookup"/>, since a scope must not span a write), and the failures
/// that every format answers alike are answered here in the error shape of the format whose route was reached, so no
/// format handles them:
/// <list type="bullet">
/// <item>a body the client framed wrongly: 400. A chunk size that overflows surfaces from Kestrel as an
/// <see cref="IOException"/> (wrapping an <see cref="OverflowException"/>), which <see cref="ClientBodyStream"/> turns
/// into a <see cref="BadHttpRequestException"/>;</item>
/// <item>a package protection rule's refusal, thrown by the publish, delete and unlist use cases: 403;</item>
/// <item>a package quota's refusal, thrown by the publish use case: 413;</item>
/// <item>a caller over its rate limit (<see cref="RateLimitOptions"/>, when on): 429, before the endpoint runs;</item>
/// <item>a blob that no longer matches its row (<see cref="BlobIntegrityException"/>): 502 and an error log, since the
/// storage behind the registry failed, not the request, and the log is where an operator learns which blob to
/// restore.</item>
/// </list>
/// </summary>
internal static partial class RegistryEndpointGuard
{
    /// <summary>Wraps an endpoint's delegate; <paramref name="limiter"/> is null when rate limits are off.</summary>
    public static RequestDelegate Wrap(RequestDelegate endpoint, RegistryRateLimiter? limiter) => context => RunAsync(context, endpoint, limiter);

    private static async Task RunAsync(HttpContext context, RequestDelegate endpoint, RegistryRateLimiter? limiter)
    {
        context.Request.Body = new ClientBodyStream(context.Request.Body);
        try
        {
            using (RequestReadScope.ForReadOrNull(context)?.Enter() ?? ReadScope.BeginPerLookup())
            {
                // Inside the read scope: finding the caller looks its token up, which the endpoint then reuses.
                using var lease = limiter is null ? null : await limiter.AcquireAsync(context).ConfigureAwait(false);
                if (lease is { IsAcquired: false } && limiter is not null)
                {
                    await limiter.RejectAsync(context, lease).ConfigureAwait(false);
                    return;
                }

                await endpoint(context).ConfigureAwait(false);
            }
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await ClientErrors.Of(context).UnreadableBody(ex).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (PackageProtectedException refused) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await ClientErrors.Of(context).Refused(refused.Message).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (PackageQuotaExceededException exceeded) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await ClientErrors.Of(context).QuotaExceeded(exceeded.Message).ExecuteAsync(context).ConfigureAwait(false);
        }
        catch (BlobIntegrityException ex) when (!context.Response.HasStarted)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RegistryEndpointGuard).FullName ?? nameof(RegistryEndpointGuard));
            LogMismatch(logger, ex.Key, ex.ExpectedSize, ex.ActualSize, context.Request.Path);
            await ClientErrors.Of(context)
                .Render(StatusCodes.Status502BadGateway, "502 Stored file does not match its record")
                .ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Blob {BlobKey} holds {ActualSize} bytes where its file row records {ExpectedSize}; refused to serve {Path}")]
    private static partial void LogMismatch(ILogger logger, string blobKey, long expectedSize, long actualSize, PathString path);
}
