using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Storage;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Harness;

/// <summary>
/// The registry's health checks (metadata store, blob store), as the sample host maps them: <c>/health</c> and
/// <c>/health/ready</c> ask both stores, <c>/health/live</c> asks nothing, so an unreachable store fails readiness
/// without having the process restarted.
/// </summary>
public sealed class HealthChecksTests : IDisposable
{
    private readonly SampleHostFactory _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/health/live")]
    public async Task A_working_registry_is_healthy(string path)
    {
        using var client = _host.CreateClient();
        using var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task A_blob_store_that_fails_makes_the_registry_unready_but_still_live()
    {
        using var failing = _host.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IBlobStore>(new UnreachableBlobStore())));
        using var client = failing.CreateClient();

        using (var ready = await client.GetAsync("/health/ready"))
        {
            ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await ready.Content.ReadAsStringAsync()).Should().Be("Unhealthy");
        }

        using var live = await client.GetAsync("/health/live");
        live.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A blob store whose every call fails, as one whose disk is gone or whose bucket does not answer.</summary>
    private sealed class UnreachableBlobStore : IBlobStore
    {
        public Task<IBlobWriter> CreateWriterAsync(CancellationToken cancellationToken) => throw new IOException("unreachable");

        public Task<Stream?> OpenReadOrNullAsync(string key, CancellationToken cancellationToken) => throw new IOException("unreachable");

        public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => throw new IOException("unreachable");

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => throw new IOException("unreachable");

        public IAsyncEnumerable<BlobEntry> ListAsync(CancellationToken cancellationToken) => throw new IOException("unreachable");
    }
}
