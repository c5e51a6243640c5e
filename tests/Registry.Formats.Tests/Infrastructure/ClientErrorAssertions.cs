using System.Text.Json;
using Registry.Formats.Tests.Authorization;

namespace Registry.Formats.Tests.Infrastructure;

/// <summary>Reads an error in a format's client shape: npm's <c>{"error"}</c>, Go's plain text, GitLab's <c>{"message"}</c> for the rest.</summary>
internal static class ClientErrorAssertions
{
    /// <summary>Asserts the status and the shape; returns the error's words.</summary>
    public static async Task<string> ReadErrorAsync(MatrixFormat format, HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(status, "{0} refuses it: {1}", format.Name, body);
        switch (format.Name)
        {
            case "npm":
                return JsonDocument.Parse(body).RootElement.GetProperty("error").GetString() ?? string.Empty;
            case "golang":
                response.Content.Headers.ContentType?.MediaType.Should().Be("text/plain");
                body.Should().EndWith("\n");
                return body[..^1];
            default:
                return JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? string.Empty;
        }
    }

    /// <summary>Asserts the status, the shape and the exact words.</summary>
    public static async Task AssertErrorAsync(MatrixFormat format, HttpResponseMessage response, int status, string words) =>
        (await ReadErrorAsync(format, response, status)).Should().Be(words);
}
