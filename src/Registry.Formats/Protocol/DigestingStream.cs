using System.Security.Cryptography;

namespace Registry.Formats.Protocol;

/// <summary>
/// Passes a stream through while computing its SHA-256 and MD5, so that a format learns an upload's digests (to check
/// those twine sends, to record the one a Helm channel serves) as the bytes arrive, without reading the stored file again.
/// </summary>
/// <remarks>The wrapped stream stays open: it is the caller's (a form part the caller disposes).</remarks>
internal sealed class DigestingStream(Stream inner) : ReadOnlyStream(owned: null)
{
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);

    /// <summary>The SHA-256 of everything read so far, lowercase hex.</summary>
    public string Sha256 => Convert.ToHexStringLower(_sha256.GetCurrentHash());

    /// <summary>The MD5 of everything read so far, lowercase hex.</summary>
    public string Md5 => Convert.ToHexStringLower(_md5.GetCurrentHash());

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Append(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Append(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha256.Dispose();
            _md5.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        _sha256.AppendData(bytes);
        _md5.AppendData(bytes);
    }
}
