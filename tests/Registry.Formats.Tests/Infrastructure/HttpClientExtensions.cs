namespace Registry.Formats.Tests.Infrastructure;

internal static class HttpClientExtensions
{
    public static HttpRequestMessage WithToken(this HttpRequestMessage request, string? token, string header = "PRIVATE-TOKEN")
    {
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(header, token);
        }

        return request;
    }

    public static Task<HttpResponseMessage> PutBytesAsync(this HttpClient client, string url, byte[] body, string? token, string header = "PRIVATE-TOKEN") =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(body) }.WithToken(token, header));

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string url, string? token, string header = "PRIVATE-TOKEN") =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url).WithToken(token, header));
}
