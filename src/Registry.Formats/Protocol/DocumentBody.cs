using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>
/// The bytes of a document <see cref="DocumentCache"/> keeps and serves. A large one is held in chunks below the
/// runtime's large-object threshold (85,000 bytes): a 6 MB packument rendered after every publish as one array was a
/// large-object allocation each time, and those bring on gen-2 collections, which were a large share of the GET after a
/// publish (issue 19). Chunks are ordinary small objects, collected young when a document is replaced.
/// </summary>
internal sealed class DocumentBody
{
    /// <summary>The size of each chunk but the last.</summary>
    internal const int ChunkSize = 64 * 1024;

    private readonly byte[][] _chunks;

    private DocumentBody(byte[][] chunks, long length)
    {
        _chunks = chunks;
        Length = length;
    }

    /// <summary>The document's length in bytes.</summary>
    public long Length { get; }

    /// <summary>A document whose bytes are already one array (a small document): kept as it is, not copied.</summary>
    public static DocumentBody Of(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new DocumentBody([bytes], bytes.Length);
    }

    /// <summary>A copy of <paramref name="bytes"/> (a render buffer about to be reused), in chunks.</summary>
    public static DocumentBody Copy(ReadOnlySpan<byte> bytes)
    {
        var chunks = new byte[(bytes.Length + ChunkSize - 1) / ChunkSize][];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = bytes.Slice(i * ChunkSize, Math.Min(ChunkSize, bytes.Length - (i * ChunkSize))).ToArray();
        }

        return new DocumentBody(chunks, bytes.Length);
    }

    /// <summary>The document as one array (tests and small documents; serving never needs it).</summary>
    public byte[] ToArray()
    {
        if (_chunks.Length == 1)
        {
            return _chunks[0];
        }

        var bytes = new byte[Length];
        var offset = 0;
        foreach (var chunk in _chunks)
        {
            chunk.CopyTo(bytes, offset);
            offset += chunk.Length;
        }

        return bytes;
    }

    /// <summary>The answer that sends the document: 200 with its content type and length, and the bytes unless the request is a HEAD.</summary>
    public IResult ToResult(string contentType) => new BodyResult(this, contentType);

    private sealed class BodyResult(DocumentBody body, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.ContentLength = body.Length;
            if (HttpMethods.IsHead(httpContext.Request.Method))
            {
                return;
            }

            foreach (var chunk in body._chunks)
            {
                await response.Body.WriteAsync(chunk, httpContext.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
