using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>
/// npm's error shape: <c>{"error": "..."}</c>, whose text the npm CLI prints
/// (https://github.com/npm/npm-registry-fetch#errors); a missing package is <c>Not found</c>, as the public registry says.
/// </summary>
internal sealed class NpmErrorShape : ClientErrorShape
{
    public static NpmErrorShape Instance { get; } = new();

    public override IResult Render(int statusCode, string message) => GrapeError(statusCode, message);

    public override IResult DeniedNotFound() => NotFound();

    public override IResult NotFound() => Render(StatusCodes.Status404NotFound, "Not found");

    public override IResult BadRequest(string detail) => Render(StatusCodes.Status400BadRequest, detail);

    public override IResult TooLarge(long maxBytes) => Render(StatusCodes.Status413PayloadTooLarge, $"the document is too large: the limit is {maxBytes} bytes");

    public override IResult UnreadableBody(BadHttpRequestException exception) => Render(exception.StatusCode, exception.Message);
}
