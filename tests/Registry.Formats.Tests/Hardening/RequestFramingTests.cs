using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

using System.Text;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Hardening;

/// <summary>
/// Framing a client got wrong answers 400 in the format's error shape on a real Kestrel (TestServer parses no framing):
/// a chunk size that overflows (Kestrel raises an IOException wrapping an OverflowException, which reached the log as
/// an unhandled 500). A well-framed body still reads through the guard.
/// </summary>
public sealed class RequestFramingTests : IDisposable
{
    // A port of the system's choosing on loopback (the sample's appsettings name port 5000).
    private readonly SampleHostFactory _host = new(new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
    private readonly Uri _address;

    public RequestFramingTests()
    {
        _host.UseKestrel();
        _host.StartServer();
        using var client = _host.CreateClient();
        _address = client.BaseAddress ?? throw new InvalidOperationException("no address");
    }

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("PUT", "/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/a.bin", "\"error\"")]
    [InlineData("PUT", "/api/v4/projects/demo%2Fapp/packages/npm/demo", "\"error\"")]
    [InlineData("PUT", "/api/v4/projects/demo%2Fapp/packages/maven/com/example/lib/1.0/lib-1.0.jar", "\"message\"")]
    [InlineData("POST", "/api/v4/projects/demo%2Fapp/packages/pypi", "\"message\"")]
    public async Task An_overflowing_chunk_size_answers_400_in_the_formats_shape(string method, string path, string shape)
    {
        var (status, body) = await SendRawAsync(
            $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nPRIVATE-TOKEN: {SampleHostFactory.AdminToken}\r\n"
            + "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\nabc\r\n");

        Assert.Equal(400, status);
        Assert.Contains(shape, body, StringComparison.Ordinal);
        Assert.Empty(_host.StoredFiles());
    }

    [Fact]
    public async Task A_plain_content_length_is_accepted()
    {
        var (status, _) = await SendRawAsync(
            $"PUT /api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/a.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nPRIVATE-TOKEN: {SampleHostFactory.AdminToken}\r\n"
            + "Content-Length: 5\r\n\r\nhello");

        Assert.Equal(201, status);
    }

    /// <summary>
    /// RFC 9110 §8.6: <c>Content-Length = 1*DIGIT</c>. Kestrel parses the value with a parser that takes a sign, so
    /// <c>+5</c> (and <c>-0</c>) framed a body; a proxy in front that reads the header strictly would frame the
    /// connection differently (request smuggling), so Kestrel is made to refuse it (StrictContentLengthSetup).
    /// </summary>
    [Theory]
    [InlineData("+5")]
    [InlineData("-0")]
    [InlineData("+05")]
    public async Task A_signed_content_length_answers_400_and_stores_nothing(string value)
    {
        var (status, _) = await SendRawAsync(
            $"PUT /api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/a.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nPRIVATE-TOKEN: {SampleHostFactory.AdminToken}\r\n"
            + $"Content-Length: {value}\r\n\r\nhello");

        // Kestrel's own 400 (no body): the request never reaches the registry.
        Assert.Equal(400, status);
        Assert.Empty(_host.StoredFiles());
    }

    /// <summary>Leading zeros are digits, and the whitespace around a field value is not part of it (RFC 9110 §5.5).</summary>
    [Theory]
    [InlineData("05")]
    [InlineData(" 5 ")]
    [InlineData("\t5")]
    public async Task A_content_length_of_digits_is_accepted(string value)
    {
        var (status, _) = await SendRawAsync(
            $"PUT /api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/a.bin HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nPRIVATE-TOKEN: {SampleHostFactory.AdminToken}\r\n"
            + $"Content-Length:{value}\r\n\r\nhello");

        Assert.Equal(201, status);
    }

    /// <summary>
    /// The premise of the refusal above, on a bare Kestrel without the registry: Kestrel parses the header with
    /// <c>Utf8Parser</c>, which takes a sign, and frames a 5-byte body from <c>+5</c>. Should a Kestrel version refuse
    /// it by itself, this test fails and StrictContentLengthSetup can go.
    /// </summary>
    [Fact]
    public async Task Stock_Kestrel_frames_a_body_from_a_signed_content_length()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPut("/", async (HttpRequest request) => Results.Text($"{request.ContentLength}:{await new StreamReader(request.Body).ReadToEndAsync()}"));
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());

        var (status, body) = await SendRawAsync(address, "PUT / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: +5\r\n\r\nhello");

        Assert.Equal(200, status);
        Assert.EndsWith("5:hello", body, StringComparison.Ordinal);
    }

    /// <summary>Sends bytes as written (HttpClient would not send this framing) and reads the status and body.</summary>
    private Task<(int Status, string Body)> SendRawAsync(string request) => SendRawAsync(_address, request);

    private static async Task<(int Status, string Body)> SendRawAsync(Uri address, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        await stream.FlushAsync();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var statusLine = response.Split("\r\n", 2)[0].Split(' ');
        return statusLine.Length > 1 && int.TryParse(statusLine[1], System.Globalization.CultureInfo.InvariantCulture, out var status)
            ? (status, response)
            : throw new InvalidOperationException($"no HTTP response from {address}: '{response}'");
    }
}
