namespace Registry.Formats.Npm;

/// <summary>A publish document refused while it is read: the status and the words npm shows.</summary>
internal sealed class NpmDocumentException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
