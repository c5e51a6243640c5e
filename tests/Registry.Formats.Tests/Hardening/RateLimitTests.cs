using System.Net;
using System.Net.Sockets;
using Registry.Core.Directory;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Hardening;

/// <summary>
/// <c>PackageRegistry:RateLimits</c> on a real Kestrel, so that clients on two loopback addresses are two callers: 3 reads
/// and 2 writes per caller in an hour-long window (no test waits for a window to pass). The (N+1)-th request answers
/// GitLab's 429; reads and writes, tokens and addresses are counted apart.
/// </summary>
public sealed class RateLimitTests : IDisposable
{
    private const string Reads = "3";
    private const string Writes = "2";
    private const string Missing = "/api/v4/projects/demo%2Fapp/packages/npm/missing";
    private readonly SampleHostFactory _host = new(new Dictionary<string, string?>
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["PackageRegistry:RateLimits:Enabled"] = "true",
        ["PackageRegistry:RateLimits:Reads:PermitLimit"] = Reads,
        ["PackageRegistry:RateLimits:Reads:Window"] = "01:00:00",
        ["PackageRegistry:RateLimits:Writes:PermitLimit"] = Writes,
        ["PackageRegistry:RateLimits:Writes:Window"] = "01:00:00",
    });

    private readonly Uri _address;

    public RateLimitTests()
    {
        _host.UseKestrel();
        _host.StartServer();
        using var client = _host.CreateClient();
        _address = client.BaseAddress ?? throw new InvalidOperationException("no address");
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_read_over_the_limit_answers_429_with_Retry_After_in_GitLabs_shape()
    {
        using var client = Client(IPAddress.Loopback, SampleHostFactory.AdminToken);
        for (var i = 0; i < int.Parse(Reads, System.Globalization.CultureInfo.InvariantCulture); i++)
        {
            (await client.GetAsync(new Uri(Missing, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        using var refused = await client.GetAsync(new Uri(Missing, UriKind.Relative));

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter?.Delta.Should().NotBeNull();
        refused.Headers.RetryAfter?.Delta?.TotalSeconds.Should().BeInRange(1, 3600);
        refused.Headers.GetValues("RateLimit-Limit").Should().Equal(Reads);
        refused.Headers.GetValues("RateLimit-Remaining").Should().Equal("0");
        long.Parse(refused.Headers.GetValues("RateLimit-Reset").Single(), System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(DateTimeOffset.UtcNow.AddSeconds(-5).ToUnixTimeSeconds());
        refused.Content.Headers.ContentType?.MediaType.Should().Be("text/plain");
        (await refused.Content.ReadAsStringAsync()).Should().Be("Retry later\n");
    }

    [Fact]
    public async Task Reads_and_writes_are_counted_apart_and_a_refused_write_stores_nothing()
    {
        using var client = Client(IPAddress.Loopback, SampleHostFactory.AdminToken);
        await ExhaustReadsAsync(client);

        for (var i = 0; i < int.Parse(Writes, System.Globalization.CultureInfo.InvariantCulture); i++)
        {
            using var put = await client.PutAsync(new Uri($"/api/v4/projects/demo%2Fapp/packages/generic/tool/1.0.{i}/a.bin", UriKind.Relative), new ByteArrayContent([1, 2, (byte)i]));
            put.StatusCode.Should().Be(HttpStatusCode.Created, "writes have their own count, untouched by the reads");
        }

        var stored = _host.StoredFiles().Count;
        using var refused = await client.PutAsync(new Uri("/api/v4/projects/demo%2Fapp/packages/generic/tool/2.0.0/a.bin", UriKind.Relative), new ByteArrayContent([9, 9, 9]));

        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.GetValues("RateLimit-Limit").Should().Equal(Writes);
        _host.StoredFiles().Should().HaveCount(stored, "the refusal comes before the body is read");
    }

    [Fact]
    public async Task Two_tokens_are_two_callers()
    {
        var (_, other) = await _host.CreateUserAsync("other");
        using var admin = Client(IPAddress.Loopback, SampleHostFactory.AdminToken);
        using var second = Client(IPAddress.Loopback, other);
        await ExhaustReadsAsync(admin);

        using var answer = await second.GetAsync(new Uri(Missing, UriKind.Relative));

        answer.StatusCode.Should().Be(HttpStatusCode.NotFound, "the other token has its own count, from the same address");
    }

    [Fact]
    public async Task Anonymous_callers_are_counted_per_address()
    {
        await _host.CreateProjectAsync("open", "lib", ProjectVisibility.Public);
        const string path = "/api/v4/projects/open%2Flib/packages/npm/missing";
        using var first = Client(IPAddress.Loopback, token: null);
        using var second = Client(IPAddress.Parse("127.0.0.2"), token: null);
        for (var i = 0; i < int.Parse(Reads, System.Globalization.CultureInfo.InvariantCulture); i++)
        {
            (await first.GetAsync(new Uri(path, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        }

        (await first.GetAsync(new Uri(path, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await second.GetAsync(new Uri(path, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound, "127.0.0.2 is another caller");
    }

    [Fact]
    public async Task A_refused_token_counts_against_its_address()
    {
        using var guesser = Client(IPAddress.Loopback, "glpat-not-a-token");
        for (var i = 0; i < int.Parse(Reads, System.Globalization.CultureInfo.InvariantCulture); i++)
        {
            (await guesser.GetAsync(new Uri(Missing, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        (await guesser.GetAsync(new Uri(Missing, UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
    }

    private static async Task ExhaustReadsAsync(HttpClient client)
    {
        HttpStatusCode status;
        var requests = 0;
        do
        {
            using var answer = await client.GetAsync(new Uri(Missing, UriKind.Relative));
            status = answer.StatusCode;
            requests++;
        }
        while (status != HttpStatusCode.TooManyRequests && requests < 10);

        status.Should().Be(HttpStatusCode.TooManyRequests);
        requests.Should().Be(int.Parse(Reads, System.Globalization.CultureInfo.InvariantCulture) + 1);
    }

    /// <summary>A client whose connections leave from <paramref name="local"/> (any 127.0.0.0/8 address is the loopback on Linux).</summary>
    private HttpClient Client(IPAddress local, string? token)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = _address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("PRIVATE-TOKEN", token);
        }

        return client;
    }
}
