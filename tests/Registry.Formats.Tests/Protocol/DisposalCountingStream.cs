namespace Registry.Formats.Tests.Protocol;

/// <summary>A readable in-memory stream that counts how often it is disposed (each call, as <see cref="Stream"/> does not guard it).</summary>
internal sealed class DisposalCountingStream(byte[] data) : MemoryStream(data, writable: false)
{
    public int Disposals { get; private set; }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Disposals++;
        }

        base.Dispose(disposing);
    }
}
