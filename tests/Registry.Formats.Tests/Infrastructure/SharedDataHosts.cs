using System.Net.Http.Headers;

namespace Registry.Formats.Tests.Infrastructure;

/// <summary>
/// Two sample hosts on one data directory (the same database and blobs), as behind a load balancer: what one host
/// caches must never hide what the other one wrote. <see cref="A"/> and <see cref="B"/> send the admin token.
/// </summary>
public sealed class SharedDataHosts : IDisposable
{
    private readonly SampleHostFactory _first;
    private readonly SampleHostFactory _second;

    public SharedDataHosts(SampleHostFactory first)
    {
        _first = first;
        _second = new SampleHostFactory(dataPath: first.DataPath);
        A = Client(_first);
        B = Client(_second);
        AnonymousA = _first.CreateClient();
    }

    /// <summary>Host A without any credential.</summary>
    public HttpClient AnonymousA { get; }

    public HttpClient A { get; }

    public HttpClient B { get; }

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
        AnonymousA.Dispose();
        _second.Dispose();
        _first.Dispose();
    }

    private static HttpClient Client(SampleHostFactory host)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SampleHostFactory.AdminToken);
        return client;
    }
}
