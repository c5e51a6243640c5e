using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Security;
using Registry.Formats.Npm;
using Registry.Formats.Protocol;

namespace Registry.Formats.Tests.Protocol;

/// <summary>One denial mapping, answered in each client's error shape.</summary>
public sealed class ClientErrorShapeTests
{
    [Theory]
    [InlineData(Denial.Unauthenticated, 401, """{"message":"401 Unauthorized"}""", true)]
    [InlineData(Denial.Forbidden, 403, """{"message":"403 Forbidden"}""", false)]
    [InlineData(Denial.NotFound, 404, """{"message":"404 Project Not Found"}""", false)]
    public async Task GitLabs_shape_is_the_default(Denial denial, int status, string body, bool challenges) =>
        await AssertAsync(ClientErrorShape.GitLab.Denied(new PermissionDecision(denial, "test")), status, body, challenges);

    [Theory]
    [InlineData(Denial.Unauthenticated, 401, """{"error":"401 Unauthorized"}""", true)]
    [InlineData(Denial.Forbidden, 403, """{"error":"403 Forbidden"}""", false)]
    [InlineData(Denial.NotFound, 404, """{"error":"Not found"}""", false)]
    public async Task Npm_reads_error(Denial denial, int status, string body, bool challenges) =>
        await AssertAsync(NpmErrorShape.Instance.Denied(new PermissionDecision(denial, "test")), status, body, challenges);

    [Fact]
    public async Task Over_limit_bodies_answer_413_in_the_shape()
    {
        await AssertAsync(ClientErrorShape.GitLab.TooLarge(10), 413, """{"message":"413 Request Entity Too Large"}""", false);
        await AssertAsync(NpmErrorShape.Instance.TooLarge(10), 413, """{"error":"the document is too large: the limit is 10 bytes"}""", false);
    }

    private static async Task AssertAsync(IResult result, int status, string body, bool challenges)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var stream = new MemoryStream();
        context.Response.Body = stream;
        await result.ExecuteAsync(context);

        context.Response.StatusCode.Should().Be(status);
        Encoding.UTF8.GetString(stream.ToArray()).Should().Be(body);
        context.Response.Headers.WWWAuthenticate.ToString().Should().Be(challenges ? "Basic realm=\"GitLab Package Registry\"" : string.Empty);
    }
}
