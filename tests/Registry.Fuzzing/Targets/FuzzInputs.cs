using System.Text;
using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Fuzzing.Targets;

/// <summary>
/// What the targets share: limits small enough that an input costs milliseconds (a gzip bomb stops at a few MiB, not
/// the gigabytes a production limit allows), and the magic numbers that pick a parser for a format with two inputs.
/// </summary>
internal static class FuzzInputs
{
    /// <summary>The decompressed-size limit every archive target uses.</summary>
    public const long MaxUncompressedBytes = 4L * 1024 * 1024;

    /// <summary>The entry limit every archive target uses.</summary>
    public const int MaxEntries = 1_000;

    /// <summary>Structure limits as configured in production, with the archive entry limit lowered.</summary>
    public static UploadLimits Limits() => new() { MaxArchiveEntries = MaxEntries };

    /// <summary>Whether the input starts as a zip does (<c>PK</c>).</summary>
    public static bool IsZip(byte[] input) => input.Length >= 2 && input[0] == (byte)'P' && input[1] == (byte)'K';

    /// <summary>Whether the input starts as gzip does (1F 8B).</summary>
    public static bool IsGzip(byte[] input) => input.Length >= 2 && input[0] == 0x1F && input[1] == 0x8B;

    /// <summary>The input as text the way the endpoints decode it (invalid UTF-8 replaced, as <c>Encoding.UTF8</c> does).</summary>
    public static string Text(byte[] input) => Encoding.UTF8.GetString(input);

    /// <summary>A seekable read-only stream over the input, as the publishers hand a written temp file to a parser.</summary>
    public static MemoryStream Stream(byte[] input) => new(input, writable: false);

    /// <summary>A request whose body is <paramref name="body"/>, sent as multipart/form-data with the given boundary.</summary>
    public static HttpRequest MultipartRequest(ReadOnlyMemory<byte> body, string boundary)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "multipart/form-data; boundary=" + boundary;
        context.Request.Body = new MemoryStream(body.ToArray(), writable: false);
        return context.Request;
    }
}
