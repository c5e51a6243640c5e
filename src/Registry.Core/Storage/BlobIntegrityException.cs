namespace Registry.Core.Storage;

/// <summary>
/// A stored blob does not hold the bytes its file row describes (its length differs): the store lost or mangled them
/// (an S3-compatible server that kept <c>aws-chunked</c> framing, a truncated disk). Raised before a single byte is sent,
/// so a client gets an error instead of a corrupt file; the registry's routes answer it with 502.
/// </summary>
public sealed class BlobIntegrityException : Exception
{
    /// <summary>Creates the exception for a blob of <paramref name="actualSize"/> bytes where <paramref name="expectedSize"/> were recorded.</summary>
    public BlobIntegrityException(string key, long expectedSize, long actualSize)
        : base($"Blob {key} holds {actualSize} bytes where its file row records {expectedSize}; it is not served.")
    {
        Key = key;
        ExpectedSize = expectedSize;
        ActualSize = actualSize;
    }

    /// <summary>Creates the exception with a message.</summary>
    public BlobIntegrityException(string message)
        : base(message)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public BlobIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
        Key = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public BlobIntegrityException()
    {
        Key = string.Empty;
    }

    /// <summary>The blob's key (its SHA-256).</summary>
    public string Key { get; }

    /// <summary>The size its file row records.</summary>
    public long ExpectedSize { get; }

    /// <summary>The size the store reports.</summary>
    public long ActualSize { get; }
}
