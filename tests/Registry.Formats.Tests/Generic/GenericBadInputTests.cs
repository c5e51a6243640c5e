using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Generic;

/// <summary>Every refused upload answers a clear error and leaves no row, no blob and no temporary file.</summary>
public sealed class GenericBadInputTests : IDisposable
{
    private const string Demo = "/api/v4/projects/demo%2Fapp/packages/generic";
    private readonly SampleHostFactory _host = new(new Dictionary<string, string?>
    {
        ["PackageRegistry:Generic:MaxFileSizeBytes"] = "1024",
        ["PackageRegistry:Generic:DuplicatesAllowed"] = "false",
    });

    private readonly HttpClient _client;

    public GenericBadInputTests() => _client = _host.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    public static TheoryData<string, string> BadPaths => new()
    {
        { "tool/1.0.0/a..b", "file_name is invalid" },
        { "tool/1.0.0/a%2Fb", "file_name is invalid" },
        { "tool/1.0.0/a%5Cb", "file_name is invalid" },
        { "tool/1.0.0/a%01b", "file_name is invalid" },
        { "tool/1.0.0/a%0Ab", "file_name is invalid" },
        { "tool/1.0.0/" + new string('a', 256), "file_name is invalid" },
        { "to%2Fol/1.0.0/a.txt", "package_name is invalid" },
        { "tool%20x/1.0.0/a.txt", "package_name is invalid" },
        { "tool/1..0/a.txt", "package_version is invalid" },
        { "tool/1.0%2F0/a.txt", "package_version is invalid" },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public async Task Invalid_names_are_refused_before_anything_is_stored(string path, string error)
    {
        var put = await _client.PutBytesAsync($"{Demo}/{path}", "x"u8.ToArray(), SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).Should().Contain(error);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_empty_body_is_refused()
    {
        var put = await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", [], SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await put.Content.ReadAsStringAsync()).Should().Contain("empty");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_body_over_the_limit_with_a_length_is_refused_with_413()
    {
        var put = await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.bin", new byte[1025], SampleHostFactory.AdminToken);

        put.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_refused_with_413_while_streaming()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Demo}/tool/1.0.0/a.bin")
        {
            Content = new StreamContent(new UnknownLengthStream(4096)),
        }.WithToken(SampleHostFactory.AdminToken);

        var put = await _client.SendAsync(request);

        put.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_upload_leaves_nothing()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Demo}/tool/1.0.0/a.bin")
        {
            Content = new StreamContent(new UnknownLengthStream(600, failAfter: true)),
        }.WithToken(SampleHostFactory.AdminToken);

        var send = async () => await _client.SendAsync(request);

        await send.Should().ThrowAsync<Exception>();
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_duplicate_file_is_refused_with_403_when_duplicates_are_off()
    {
        (await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "one"u8.ToArray(), SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);

        var again = await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt", "two"u8.ToArray(), SampleHostFactory.AdminToken);

        again.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await again.Content.ReadAsStringAsync()).Should().Contain("Duplicate package is not allowed");
        (await (await _client.GetAsync($"{Demo}/tool/1.0.0/a.txt", SampleHostFactory.AdminToken)).Content.ReadAsStringAsync()).Should().Be("one");
        (await _client.PutBytesAsync($"{Demo}/tool/1.0.0/b.txt", "two"u8.ToArray(), SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_invalid_status_or_select_is_refused()
    {
        (await _client.PutBytesAsync($"{Demo}/tool/1.0.0/a.txt?select=everything", "x"u8.ToArray(), SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await AssertNothingStoredAsync();
    }

    private async Task AssertNothingStoredAsync()
    {
        _host.StoredFiles().Should().BeEmpty("a refused upload must leave no blob and no temporary file");
        var demo = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", default);
        var page = await _host.Services.GetRequiredService<IPackageStore>().QueryAsync(new PackageQuery { ProjectIds = [demo!.Id] }, default);
        page.Total.Should().Be(0, "a refused upload must leave no package row");
    }

    /// <summary>A body with no Content-Length (sent chunked) that optionally fails part-way, as a dropped connection does.</summary>
    private sealed class UnknownLengthStream(int length, bool failAfter = false) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= length)
            {
                return failAfter ? throw new IOException("connection reset") : 0;
            }

            var n = Math.Min(Math.Min(count, 100), length - _position);
            Array.Fill(buffer, (byte)'z', offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
