using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Go;

/// <summary>
/// Errors as plain text: the go command prints the body of a failed proxy request to its user
/// (https://go.dev/ref/mod#goproxy-protocol), and curl users of the upload see it as is. Texts are GitLab's.
/// </summary>
internal sealed class GoErrorShape : ClientErrorShape
{
    public static GoErrorShape Instance { get; } = new();

    public override IResult Render(int statusCode, string message) =>
        Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: statusCode);
}
