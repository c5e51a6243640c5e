using System.Text;

namespace Registry.Formats.Hosting;

/// <summary>
/// The decoding Kestrel is given for the <c>Content-Length</c> request header (<see cref="StrictContentLengthSetup"/>):
/// digits decode to themselves, every other byte to <c>x</c>, so that Kestrel's own parse of the decoded value fails and
/// it answers 400 before the body is read. Kestrel's default parse (<c>Utf8Parser</c>) takes a sign, so
/// <c>Content-Length: +5</c> and <c>-0</c> framed a body, where RFC 9110, section 8.6 allows only <c>1*DIGIT</c>
/// (https://www.rfc-editor.org/rfc/rfc9110#section-8.6); a proxy in front that reads the header strictly frames the
/// connection differently (request smuggling). The whitespace around a field value is not part of it and never
/// reaches here.
/// </summary>
internal sealed class ContentLengthDigitsEncoding : Encoding
{
    public static ContentLengthDigitsEncoding Instance { get; } = new();

    private const char NotADigit = 'x';

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        // Kestrel decodes into 20 characters and refuses more than 19; a longer value fills them and is refused.
        var count = Math.Min(bytes.Length, chars.Length);
        for (var i = 0; i < count; i++)
        {
            chars[i] = bytes[i] is >= (byte)'0' and <= (byte)'9' ? (char)bytes[i] : NotADigit;
        }

        return count;
    }

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));

    public override int GetCharCount(byte[] bytes, int index, int count) => count;

    public override int GetMaxCharCount(int byteCount) => byteCount;

    // Never used to encode (Kestrel asks it for request headers only); ASCII digits encode to themselves.
    public override int GetByteCount(char[] chars, int index, int count) => count;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        for (var i = 0; i < charCount; i++)
        {
            bytes[byteIndex + i] = chars[charIndex + i] is >= '0' and <= '9' ? (byte)chars[charIndex + i] : (byte)NotADigit;
        }

        return charCount;
    }

    public override int GetMaxByteCount(int charCount) => charCount;
}
