using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>The decoded tarball of a publish document, read straight from the request as the publisher asks for it.</summary>
/// <remarks>
/// Read asynchronously only (the request body is: Kestrel refuses synchronous reads), so the synchronous reads keep
/// <see cref="ReadOnlyStream"/>'s <see cref="NotSupportedException"/>. The scanner is the publishing endpoint's, not this stream's.
/// </remarks>
internal sealed class NpmAttachmentStream(NpmDocumentScanner scanner) : ReadOnlyStream(owned: null)
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        scanner.ReadAsync(buffer, cancellationToken);
}
