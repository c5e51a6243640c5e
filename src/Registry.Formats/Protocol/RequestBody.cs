using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Registry.Formats.Protocol;

/// <summary>
/// Reads request bodies under a format's own limit, answering over-limit and unreadable bodies in the format's
/// <see cref="ClientErrorShape"/> (413 for a body announced or found larger than the limit, RFC 9110, section 15.5.14).
/// </summary>
internal static class RequestBody
{
    private const int ChunkBytes = 81920;

    /// <summary>
    /// The 413 for a body announced (<c>Content-Length</c>) larger than <paramref name="maxBytes"/>; otherwise null,
    /// with the server-wide limit lifted, since the caller enforces its own limit while it streams.
    /// </summary>
    public static IResult? RefuseOrLiftLimit(HttpContext context, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > maxBytes)
        {
            return ClientErrors.Of(context).TooLarge(maxBytes);
        }

        LiftServerLimit(context);
        return null;
    }

    /// <summary>
    /// Lifts Kestrel's server-wide body limit (<see cref="IHttpMaxRequestBodySizeFeature"/>, 30 MB by default) for this
    /// request, which would cut large packages; the caller enforces the format's own limit while streaming.
    /// </summary>
    public static void LiftServerLimit(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }
    }

    /// <summary>
    /// Reads a small body (a dist-tag's version, a checksum, a metadata document) whole, up to
    /// <paramref name="maxBytes"/>; a larger or unreadable body fails with the format's answer.
    /// </summary>
    public static async Task<Attempt<byte[]>> ReadSmallAsync(HttpContext context, int maxBytes)
    {
        if (RefuseOrLiftLimit(context, maxBytes) is { } tooLarge)
        {
            return Attempt<byte[]>.Fail(tooLarge);
        }

        using var buffer = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 0, maxBytes));
        var chunk = new byte[Math.Min(ChunkBytes, maxBytes + 1)];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return Attempt<byte[]>.Fail(ClientErrors.Of(context).TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return Attempt<byte[]>.Fail(ClientErrors.Of(context).UnreadableBody(ex));
        }

        return buffer.ToArray();
    }
}
