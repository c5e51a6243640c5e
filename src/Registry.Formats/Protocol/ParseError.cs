using Microsoft.AspNetCore.Http;

namespace Registry.Formats.Protocol;

/// <summary>Why a parser refused its input, in words for the client, with the HTTP status that says so.</summary>
/// <param name="Message">What is wrong, naming the field or entry (<c>file_name is invalid</c>, <c>the .nuspec has no valid &lt;id&gt;</c>).</param>
/// <param name="StatusCode">400 unless the input is refused for its size (413).</param>
internal sealed record ParseError(string Message, int StatusCode = StatusCodes.Status400BadRequest);
