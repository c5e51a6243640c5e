using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Registry.Formats.Npm;

/// <summary>
/// Reads npm's publish document from the request in bounded memory. Everything but the value of
/// <c>_attachments.{file}.data</c> is copied into <see cref="Metadata"/> (capped), with that value left as <c>""</c>;
/// the value itself, the base64 tarball, is decoded on the fly and handed out through <see cref="ReadAsync"/>.
/// The scanner only tracks strings and nesting: the metadata it keeps is parsed strictly afterwards, and since it
/// differs from the document only by the content of one string, it is valid JSON exactly when the document is.
/// </summary>
internal sealed class NpmDocumentScanner : IDisposable
{
    private const int InputSize = 64 * 1024;
    private const int CharsSize = 64 * 1024;
    private const int MaxKeyBytes = 128;
    private const string InvalidBase64 = "attachment data is not valid base64";
    private const string InvalidJson = "the body is not a JSON object";
    private static readonly SearchValues<byte> Base64Alphabet = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="u8);

    private readonly Stream _body;
    private readonly long _maxDocumentBytes;
    private readonly int _maxMetadataBytes;
    private readonly byte[] _input = ArrayPool<byte>.Shared.Rent(InputSize);
    private readonly ArrayBufferWriter<byte> _metadata = new(4096);
    private readonly byte[] _chars = new byte[CharsSize];
    private readonly byte[] _decoded = new byte[CharsSize / 4 * 3];
    private readonly IncrementalHash _sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
    private readonly IncrementalHash _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);

    // Only the three outer levels matter: the document, _attachments, and one attachment.
    private readonly Container[] _kinds = new Container[4];
    private readonly bool[] _expectKey = new bool[4];
    private readonly bool[] _afterColon = new bool[4];
    private readonly Key[] _keys = new Key[4];
    private readonly byte[] _key = new byte[MaxKeyBytes];

    private int _inputStart;
    private int _inputEnd;
    private long _documentBytes;
    private bool _bodyEnded;
    private bool _finished;
    private int _depth;
    private Mode _mode;
    private bool _escaped;
    private int _unicodeDigits;
    private int _unicodeValue;
    private int _keyLength;
    private bool _keyHasEscape;
    private bool _keyTooLong;
    private int _charCount;
    private int _decodedStart;
    private int _decodedEnd;
    private long _attachmentLength;
    private byte[] _head = [];
    private int _dataValues;
    private NpmAttachment? _attachment;

    public NpmDocumentScanner(Stream body, long maxDocumentBytes, int maxMetadataBytes)
    {
        _body = body;
        _maxDocumentBytes = maxDocumentBytes;
        _maxMetadataBytes = maxMetadataBytes;
    }

    private enum Mode { Structure, String, Key, Data }

    private enum Container { Other, Object, Attachments, Attachment }

    private enum Key { Other, Attachments, Data }

    /// <summary>The document without the attachment data; complete once <see cref="ReadAsync"/> has returned 0.</summary>
    public ReadOnlyMemory<byte> Metadata => _metadata.WrittenMemory;

    /// <summary>The streamed attachment, once the document is read; null when no <c>data</c> string carried any bytes.</summary>
    public NpmAttachment? Attachment => _attachment;

    /// <summary>Reads until the first decoded tarball bytes are at hand (true) or the document ends without any (false).</summary>
    public async ValueTask<bool> HasAttachmentDataAsync(CancellationToken cancellationToken)
    {
        await FillAsync(cancellationToken).ConfigureAwait(false);
        return _decodedEnd > _decodedStart;
    }

    /// <summary>The next decoded tarball bytes; 0 once the whole document has been read.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        await FillAsync(cancellationToken).ConfigureAwait(false);
        var count = Math.Min(destination.Length, _decodedEnd - _decodedStart);
        _decoded.AsMemory(_decodedStart, count).CopyTo(destination);
        _decodedStart += count;
        return count;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_input);
        _sha512.Dispose();
        _sha1.Dispose();
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        while (_decodedStart == _decodedEnd && !_finished)
        {
            _decodedStart = _decodedEnd = 0;
            if (_inputStart < _inputEnd)
            {
                _inputStart += Scan(_input.AsSpan(_inputStart, _inputEnd - _inputStart));
            }
            else if (_bodyEnded)
            {
                Finish();
            }
            else
            {
                var read = await _body.ReadAsync(_input.AsMemory(0, InputSize), cancellationToken).ConfigureAwait(false);
                _documentBytes += read;
                if (_documentBytes > _maxDocumentBytes)
                {
                    throw new NpmDocumentException(413, $"the document is too large: the limit is {_maxDocumentBytes} bytes");
                }

                (_inputStart, _inputEnd, _bodyEnded) = (0, read, read == 0);
            }
        }
    }

    /// <summary>Consumes input until it runs out or decoded bytes are ready; the number of bytes consumed.</summary>
    private int Scan(ReadOnlySpan<byte> input)
    {
        var i = 0;
        while (i < input.Length && _decodedEnd == 0)
        {
            if (_mode == Mode.Data && !_escaped && _unicodeDigits == 0)
            {
                // The bulk of the document: a run of plain base64 characters goes to the decoder in one copy.
                var run = input[i..].IndexOfAnyExcept(Base64Alphabet);
                var take = Math.Min(run < 0 ? input.Length - i : run, CharsSize - _charCount);
                if (take > 0)
                {
                    input.Slice(i, take).CopyTo(_chars.AsSpan(_charCount));
                    _charCount += take;
                    i += take;
                    if (_charCount == CharsSize)
                    {
                        Decode(final: false);
                    }

                    continue;
                }
            }

            Step(input[i]);
            i++;
        }

        return i;
    }

    private void Step(byte b)
    {
        switch (_mode)
        {
            case Mode.Data:
                DataByte(b);
                break;
            case Mode.String or Mode.Key:
                Keep(b);
                StringByte(b);
                break;
            default:
                Keep(b);
                StructureByte(b);
                break;
        }
    }

    private void StructureByte(byte b)
    {
        switch (b)
        {
            case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                break;
            case (byte)'{' or (byte)'[':
                Open(b == '{');
                break;
            case (byte)'}' or (byte)']':
                _depth = Math.Max(0, _depth - 1);
                break;
            case (byte)':' when IsObjectLevel():
                (_afterColon[_depth], _expectKey[_depth]) = (true, false);
                break;
            case (byte)',' when IsObjectLevel():
                (_afterColon[_depth], _expectKey[_depth]) = (false, true);
                break;
            case (byte)'"' when IsObjectLevel() && _expectKey[_depth]:
                (_mode, _keyLength, _keyHasEscape, _keyTooLong, _expectKey[_depth]) = (Mode.Key, 0, false, false, false);
                break;
            case (byte)'"' when _depth == 3 && _kinds[3] == Container.Attachment && _keys[3] == Key.Data && _afterColon[3]:
                _afterColon[3] = false;
                _dataValues++;
                _mode = Mode.Data;
                _charCount = 0;
                break;
            case (byte)'"':
                StartValue();
                _mode = Mode.String;
                break;
            default:
                StartValue();
                break;
        }
    }

    private bool IsObjectLevel() => _depth is >= 1 and <= 3 && _kinds[_depth] != Container.Other;

    private void StartValue()
    {
        if (_depth is >= 1 and <= 3)
        {
            _afterColon[_depth] = false;
        }
    }

    private void Open(bool isObject)
    {
        var next = _depth + 1;
        if (next <= 3)
        {
            _kinds[next] = !isObject ? Container.Other
                : next == 1 ? Container.Object
                : next == 2 && _kinds[1] == Container.Object && _keys[1] == Key.Attachments && _afterColon[1] ? Container.Attachments
                : next == 3 && _kinds[2] == Container.Attachments && _afterColon[2] ? Container.Attachment
                : Container.Object;
            (_expectKey[next], _afterColon[next], _keys[next]) = (isObject, false, Key.Other);
        }

        StartValue();
        _depth = next;
    }

    private void StringByte(byte b)
    {
        if (_mode == Mode.Key)
        {
            if (b == '"' && !_escaped)
            {
                _keys[_depth] = KeyOf(_key.AsSpan(0, _keyLength));
            }
            else if (_keyLength < MaxKeyBytes)
            {
                _key[_keyLength++] = b;
                _keyHasEscape |= b == '\\';
            }
            else
            {
                // Too long to be a name that matters.
                _keyTooLong = true;
            }
        }

        if (_escaped)
        {
            _escaped = false;
        }
        else if (b == '\\')
        {
            _escaped = true;
        }
        else if (b == '"')
        {
            _mode = Mode.Structure;
        }
    }

    private Key KeyOf(ReadOnlySpan<byte> raw)
    {
        if (_keyTooLong)
        {
            return Key.Other;
        }

        var name = raw;
        if (_keyHasEscape)
        {
            // A name may be written with escapes ("\u005fattachments"); read it as JSON would.
            try
            {
                var quoted = new byte[raw.Length + 2];
                quoted[0] = quoted[^1] = (byte)'"';
                raw.CopyTo(quoted.AsSpan(1));
                var reader = new Utf8JsonReader(quoted);
                reader.Read();
                name = System.Text.Encoding.UTF8.GetBytes(reader.GetString() ?? string.Empty);
            }
            catch (JsonException)
            {
                return Key.Other;
            }
            catch (InvalidOperationException)
            {
                return Key.Other;
            }
        }

        return _depth switch
        {
            1 when name.SequenceEqual("_attachments"u8) => Key.Attachments,
            3 when name.SequenceEqual("data"u8) => Key.Data,
            _ => Key.Other,
        };
    }

    /// <summary>One byte of the data string outside a plain base64 run: an escape, the closing quote, or an error.</summary>
    private void DataByte(byte b)
    {
        if (_unicodeDigits > 0)
        {
            var digit = HexValue(b);
            _unicodeValue = (_unicodeValue << 4) | digit;
            if (--_unicodeDigits == 0)
            {
                AddChar(_unicodeValue < 128 ? (byte)_unicodeValue : (byte)0);
            }
        }
        else if (_escaped)
        {
            _escaped = false;
            switch (b)
            {
                case (byte)'/':
                    AddChar(b);
                    break;
                case (byte)'n' or (byte)'r' or (byte)'t':
                    break;
                case (byte)'u':
                    (_unicodeDigits, _unicodeValue) = (4, 0);
                    break;
                case (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'f':
                    throw new NpmDocumentException(400, InvalidBase64);
                default:
                    throw new NpmDocumentException(400, InvalidJson);
            }
        }
        else if (b == '\\')
        {
            _escaped = true;
        }
        else if (b == '"')
        {
            Decode(final: true);
            Keep(b);
            _mode = Mode.Structure;
        }
        else if (b < 0x20)
        {
            throw new NpmDocumentException(400, InvalidJson);
        }
        else
        {
            AddChar(b);
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => throw new NpmDocumentException(400, InvalidJson),
    };

    // Whitespace is skipped as Convert.FromBase64String skips it; anything else outside the alphabet is refused.
    private void AddChar(byte c)
    {
        if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            return;
        }

        if (!Base64Alphabet.Contains(c))
        {
            throw new NpmDocumentException(400, InvalidBase64);
        }

        _chars[_charCount++] = c;
        if (_charCount == CharsSize)
        {
            Decode(final: false);
        }
    }

    /// <summary>
    /// Decodes the buffered characters in whole groups of four, keeping the last group back until the string ends so
    /// padding is only ever accepted at the very end; the final group is decoded as Convert.FromBase64String would.
    /// </summary>
    private void Decode(bool final)
    {
        var whole = (_charCount - 1) / 4 * 4;
        var written = 0;
        if (whole > 0)
        {
            if (Base64.DecodeFromUtf8(_chars.AsSpan(0, whole), _decoded, out var consumed, out written, isFinalBlock: false) != OperationStatus.Done || consumed != whole)
            {
                throw new NpmDocumentException(400, InvalidBase64);
            }

            _chars.AsSpan(whole, _charCount - whole).CopyTo(_chars);
            _charCount -= whole;
        }

        if (final && _charCount > 0)
        {
            Span<char> last = stackalloc char[4];
            if (_charCount != 4)
            {
                throw new NpmDocumentException(400, InvalidBase64);
            }

            for (var k = 0; k < 4; k++)
            {
                last[k] = (char)_chars[k];
            }

            if (!Convert.TryFromBase64Chars(last, _decoded.AsSpan(written), out var tail))
            {
                throw new NpmDocumentException(400, InvalidBase64);
            }

            written += tail;
            _charCount = 0;
        }

        Emit(_decoded.AsSpan(0, written));
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        // Only the first data string is the tarball; any other is checked and dropped (the document is then refused).
        if (_dataValues != 1 || bytes.IsEmpty)
        {
            return;
        }

        if (_head.Length < 2)
        {
            _head = [.. _head, .. bytes[..Math.Min(bytes.Length, 2 - _head.Length)]];
        }

        _sha512.AppendData(bytes);
        _sha1.AppendData(bytes);
        _attachmentLength += bytes.Length;
        _decodedEnd = bytes.Length;
    }

    private void Keep(byte b)
    {
        if (_metadata.WrittenCount >= _maxMetadataBytes)
        {
            throw new NpmDocumentException(413, $"the document without its attachment data is too large: the limit is {_maxMetadataBytes} bytes");
        }

        _metadata.GetSpan(1)[0] = b;
        _metadata.Advance(1);
    }

    private void Finish()
    {
        _finished = true;
        if (_attachmentLength > 0)
        {
            _attachment = new NpmAttachment(_attachmentLength, _sha512.GetHashAndReset(), _sha1.GetHashAndReset(), _head is [0x1f, 0x8b], _dataValues);
        }
    }
}
