using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>
/// Guards every registry endpoint against a body the client framed wrongly, so that every format answers it 400 in its
/// own error shape instead of 500: a chunk size that overflows surfaces from Kestrel as an <see cref="IOException"/>
/// (wrapping an <see cref="OverflowException"/>), not a <see cref="BadHttpRequestException"/>.
/// </summary>
internal static class RequestFraming
{
    /// <summary>Wraps an endpoint's delegate with the checks.</summary>
    public static RequestDelegate Guard(RequestDelegate inner) => async context =>
    {
        context.Request.Body = new ClientBodyStream(context.Request.Body);
        try
        {
            await inner(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await ClientErrors.Of(context).UnreadableBody(ex).ExecuteAsync(context).ConfigureAwait(false);
        }
    };
}
