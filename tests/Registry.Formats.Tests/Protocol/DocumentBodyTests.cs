using Microsoft.AspNetCore.Http;
using Registry.Formats.Protocol;

namespace Registry.Formats.Tests.Protocol;

public sealed class DocumentBodyTests
{
    public static TheoryData<int> Lengths => [0, 1, DocumentBody.ChunkSize - 1, DocumentBody.ChunkSize, DocumentBody.ChunkSize + 1, (3 * DocumentBody.ChunkSize) + 17];

    [Theory]
    [MemberData(nameof(Lengths))]
    public async Task A_copied_document_is_sent_whole_with_its_length(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var body = DocumentBody.Copy(bytes);

        body.Length.Should().Be(length);
        body.ToArray().Should().Equal(bytes);
        var (status, contentType, contentLength, sent) = await SendAsync(body, HttpMethods.Get);
        status.Should().Be(200);
        contentType.Should().Be("application/json");
        contentLength.Should().Be(length);
        sent.Should().Equal(bytes);
    }

    [Fact]
    public async Task A_head_request_gets_the_length_and_no_bytes()
    {
        var body = DocumentBody.Copy(new byte[DocumentBody.ChunkSize * 2]);

        var (status, _, contentLength, sent) = await SendAsync(body, HttpMethods.Head);

        status.Should().Be(200);
        contentLength.Should().Be(DocumentBody.ChunkSize * 2);
        sent.Should().BeEmpty();
    }

    [Fact]
    public void A_document_of_one_array_keeps_that_array()
    {
        var bytes = new byte[] { 1, 2, 3 };
        DocumentBody.Of(bytes).ToArray().Should().BeSameAs(bytes);
    }

    private static async Task<(int Status, string? ContentType, long? ContentLength, byte[] Sent)> SendAsync(DocumentBody body, string method)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        using var sent = new MemoryStream();
        context.Response.Body = sent;
        await body.ToResult("application/json").ExecuteAsync(context);
        return (context.Response.StatusCode, context.Response.ContentType, context.Response.ContentLength, sent.ToArray());
    }
}
