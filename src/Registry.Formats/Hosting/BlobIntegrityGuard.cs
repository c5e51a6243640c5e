using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Hosting;

/// <summary>
/// Answers a blob that no longer matches its row (<see cref="BlobIntegrityException"/>) with 502 and an error log, on
/// every registry route: the storage behind the registry failed, not the client's request, and the log is where an
/// operator learns which blob to restore.
/// </summary>
internal static partial class BlobIntegrityGuard
{
    public static async Task RunAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BlobIntegrityException ex) when (!context.Response.HasStarted)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BlobIntegrityGuard).FullName ?? nameof(BlobIntegrityGuard));
            LogMismatch(logger, ex.Key, ex.ExpectedSize, ex.ActualSize, context.Request.Path);
            await ClientErrors.Of(context)
                .Render(StatusCodes.Status502BadGateway, "502 Stored file does not match its record")
                .ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Blob {BlobKey} holds {ActualSize} bytes where its file row records {ExpectedSize}; refused to serve {Path}")]
    private static partial void LogMismatch(ILogger logger, string blobKey, long expectedSize, long actualSize, PathString path);
}
