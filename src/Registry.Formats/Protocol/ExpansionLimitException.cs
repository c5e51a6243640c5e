namespace Registry.Formats.Protocol;

/// <summary>An archive decompressed past its limit (<see cref="ExpansionLimitedStream"/>); the upload answers 413.</summary>
internal sealed class ExpansionLimitException(long limit) : Exception($"the archive decompresses to more than {limit} bytes")
{
    /// <summary>The refusal for the client.</summary>
    public ParseError ToParseError() => new(Message, Microsoft.AspNetCore.Http.StatusCodes.Status413PayloadTooLarge);
}
