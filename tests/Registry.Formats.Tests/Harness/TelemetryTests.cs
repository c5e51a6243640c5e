using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core;
using Registry.Formats.Tests.Infrastructure;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Harness;

/// <summary>
/// The registry's counters come from the host's <see cref="IMeterFactory"/> (so this host's meter is told apart from
/// every other test host's) and its spans from the <c>Registry</c> activity source: publishes, downloads with their
/// bytes and source, document cache hits, misses and 304s, and refused credentials.
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly SampleHostFactory _factory = new();
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, long Value, Dictionary<string, object?> Tags)> _measurements = [];

    public TelemetryTests()
    {
        var scope = _factory.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RegistryMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value)));
            }
        });
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Publishes_and_downloads_are_counted_with_their_bytes_and_source()
    {
        using var http = _factory.CreateClient();
        var url = "/api/v4/projects/demo%2Fapp/packages/generic/metered/1.0.0/file.bin";
        var bytes = Encoding.UTF8.GetBytes("twelve bytes");

        (await http.PutBytesAsync(url, bytes, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await http.GetAsync(url, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync(url, SampleHostFactory.AdminToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        Sum("registry.packages.published", "package_type", "generic").Should().Be(1);
        Sum("registry.packages.published_bytes", "package_type", "generic").Should().Be(bytes.Length);
        Sum("registry.packages.downloaded", "package_type", "generic").Should().Be(2);
        Sum("registry.packages.downloaded_bytes", "package_type", "generic").Should().Be(2 * bytes.Length);
        Sum("registry.packages.downloaded", "source", "memory").Should().Be(1, "the second download is served from the file memory cache");
    }

    [Fact]
    public async Task Documents_count_misses_hits_and_not_modified_and_each_is_a_span()
    {
        var spans = new List<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RegistryTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        using var http = _factory.CreateClient();
        var registry = "/api/v4/projects/demo%2Fapp/packages/npm/";
        var name = "metered-" + Guid.NewGuid().ToString("N")[..6];
        using (var publish = new HttpRequestMessage(HttpMethod.Put, registry + name) { Content = new StringContent(NpmPackages.PublishDocument(name, "1.0.0").ToJsonString(), Encoding.UTF8, "application/json") })
        {
            publish.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SampleHostFactory.AdminToken);
            (await http.SendAsync(publish)).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        using var first = await http.GetAsync(registry + name, SampleHostFactory.AdminToken, "Authorization");
        var before = Sum("registry.documents.served", "cache", "hit");
        using var second = await SendAsync(http, registry + name, null);
        using var revalidated = await SendAsync(http, registry + name, second.Headers.ETag);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        revalidated.StatusCode.Should().Be(HttpStatusCode.NotModified);
        Sum("registry.documents.served", "cache", "hit").Should().Be(before + 1);
        Sum("registry.documents.served", "cache", "not_modified").Should().BeGreaterThanOrEqualTo(1);
        Sum("registry.documents.served", "cache", "miss").Should().BeGreaterThanOrEqualTo(1);
        lock (spans)
        {
            spans.Should().Contain(s => s.OperationName == "registry.publish");
            spans.Should().Contain(s => s.OperationName == "registry.document");
        }
    }

    [Fact]
    public async Task Refused_credentials_are_counted()
    {
        using var http = _factory.CreateClient();
        var before = Sum("registry.authentications.refused");

        using var response = await http.GetAsync("/api/v4/projects/demo%2Fapp/packages", "glpat-not-a-token-of-this-registry");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Sum("registry.authentications.refused").Should().Be(before + 1);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string url, EntityTagHeaderValue? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SampleHostFactory.AdminToken);
        if (etag is not null)
        {
            request.Headers.IfNoneMatch.Add(etag);
        }

        return await http.SendAsync(request);
    }

    private long Sum(string instrument, string? tag = null, string? value = null)
    {
        lock (_measurements)
        {
            return _measurements
                .Where(m => m.Instrument == instrument && (tag is null || (m.Tags.TryGetValue(tag, out var v) && Equals(v, value))))
                .Sum(m => m.Value);
        }
    }
}
