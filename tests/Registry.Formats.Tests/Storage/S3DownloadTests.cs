using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc.Testing;
using Registry.Formats.Tests.Infrastructure;
using Registry.Tests.S3rver;

namespace Registry.Formats.Tests.Storage;

/// <summary>The sample host on S3 blobs (s3rver): downloads proxied through the host, or redirected to presigned URLs.</summary>
public sealed class S3DownloadTests(S3rverServer server) : IClassFixture<S3rverServer>
{
    private const string File = "/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.0/tool.bin";
    private static readonly byte[] Content = RandomNumberGenerator.GetBytes(6 * 1024 * 1024 + 17);

    [SkippableFact]
    public async Task Proxied_downloads_stream_the_bucket_s_bytes_with_ranges()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var options = await server.CreateBucketAsync();
        using var host = new SampleHostFactory(S3rverServer.Settings(options));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await client.PutBytesAsync(File, Content, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var whole = await client.GetAsync(File, SampleHostFactory.AdminToken);
        using var range = new HttpRequestMessage(HttpMethod.Get, File).WithToken(SampleHostFactory.AdminToken);
        range.Headers.Range = new RangeHeaderValue(5_000_000, 5_000_099);
        using var partial = await client.SendAsync(range);

        whole.StatusCode.Should().Be(HttpStatusCode.OK);
        (await whole.Content.ReadAsByteArrayAsync()).Should().Equal(Content);
        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await partial.Content.ReadAsByteArrayAsync()).Should().Equal(Content.AsSpan(5_000_000, 100).ToArray());
        host.StoredFiles().Should().BeEmpty("blobs live in the bucket, not on the host");
    }

    [SkippableFact]
    public async Task Without_proxying_a_GET_redirects_to_a_presigned_url_and_HEAD_answers_itself()
    {
        Skip.If(server.SkipReason is not null, server.SkipReason);
        var options = await server.CreateBucketAsync(o => o.ProxyDownload = false);
        using var host = new SampleHostFactory(S3rverServer.Settings(options));
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await client.PutBytesAsync(File, Content, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var redirect = await client.GetAsync(File, SampleHostFactory.AdminToken);
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, File).WithToken(SampleHostFactory.AdminToken));
        using var anonymous = await client.GetAsync(File, token: null);

        redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var location = redirect.Headers.Location ?? throw new InvalidOperationException("no Location");
        location.AbsoluteUri.Should().StartWith($"{options.ServiceUrl}/{options.Bucket}/sha256/");
        using var bucket = new HttpClient();
        (await bucket.GetByteArrayAsync(location)).Should().Equal(Content);
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.Should().Be(Content.Length);
        anonymous.StatusCode.Should().NotBe(HttpStatusCode.Redirect, "permission is checked before any URL is handed out");
    }
}
