using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Registry.Formats.Tests.Infrastructure;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>
/// Rendered packuments are cached per package, but every request revalidates against the database: two hosts sharing
/// one database (as behind a load balancer) never serve each other's stale documents, and ETags follow every change.
/// </summary>
public sealed class NpmPackumentCacheTests : IDisposable
{
    private const string Registry = "/api/v4/projects/demo%2Fapp/packages/npm";
    private readonly SharedDataHosts _hosts = new(new NpmHostFactory());

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task A_change_made_through_another_host_is_served_by_the_next_request()
    {
        await PublishAsync(_hosts.A, "1.0.0");
        var (first, firstTag) = await PackumentAsync(_hosts.A);
        Versions(first).Should().Equal("1.0.0");

        await PublishAsync(_hosts.B, "1.1.0");
        var (second, secondTag) = await PackumentAsync(_hosts.A);
        Versions(second).Should().Equal("1.0.0", "1.1.0");
        secondTag.Should().NotBe(firstTag);
        Tag(second, "latest").Should().Be("1.1.0");

        (await _hosts.B.PutAsync(Registry + "/-/package/cached/dist-tags/beta", new StringContent("\"1.0.0\"", Encoding.UTF8, "application/json")))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var (tagged, _) = await PackumentAsync(_hosts.A);
        Tag(tagged, "beta").Should().Be("1.0.0");

        (await _hosts.B.DeleteAsync(Registry + "/cached/-/cached-1.0.0.tgz/-rev/1")).StatusCode.Should().Be(HttpStatusCode.OK);
        var (afterDelete, _) = await PackumentAsync(_hosts.A);
        Versions(afterDelete).Should().Equal("1.1.0");
    }

    [Fact]
    public async Task Revalidation_answers_304_until_the_package_changes()
    {
        await PublishAsync(_hosts.A, "1.0.0");
        var (_, etag) = await PackumentAsync(_hosts.A);

        (await ConditionalGetAsync(_hosts.A, etag)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await ConditionalGetAsync(_hosts.B, etag)).StatusCode.Should().Be(HttpStatusCode.NotModified, "both hosts derive the tag from the same catalog state");

        await PublishAsync(_hosts.B, "2.0.0");
        var changed = await ConditionalGetAsync(_hosts.A, etag);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        Versions(JsonNode.Parse(await changed.Content.ReadAsStringAsync())?.AsObject()).Should().Equal("1.0.0", "2.0.0");
    }

    [Fact]
    public async Task The_full_and_the_abbreviated_document_are_kept_apart()
    {
        await PublishAsync(_hosts.A, "1.0.0");
        var (full, fullTag) = await PackumentAsync(_hosts.A);
        using var request = new HttpRequestMessage(HttpMethod.Get, Registry + "/cached");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.npm.install-v1+json");
        var abbreviated = await _hosts.A.SendAsync(request);

        abbreviated.StatusCode.Should().Be(HttpStatusCode.OK);
        abbreviated.Headers.ETag?.Tag.Should().NotBe(fullTag);
        full.ContainsKey("_rev").Should().BeTrue();
        (JsonNode.Parse(await abbreviated.Content.ReadAsStringAsync())?.AsObject().ContainsKey("_rev")).Should().BeFalse();
    }

    private static async Task PublishAsync(HttpClient client, string version)
    {
        var body = NpmPackages.PublishDocument("cached", version);
        var put = await client.PutAsync(Registry + "/cached", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
    }

    private static async Task<(JsonObject Document, string ETag)> PackumentAsync(HttpClient client)
    {
        var response = await client.GetAsync(Registry + "/cached");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject() ?? throw new InvalidOperationException("no JSON object");
        return (document, response.Headers.ETag?.Tag ?? throw new InvalidOperationException("no ETag"));
    }

    private static Task<HttpResponseMessage> ConditionalGetAsync(HttpClient client, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Registry + "/cached");
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return client.SendAsync(request);
    }

    private static IEnumerable<string> Versions(JsonObject? document) =>
        (document?["versions"] as JsonObject)?.Select(v => v.Key) ?? [];

    private static string? Tag(JsonObject document, string tag) => (document["dist-tags"] as JsonObject)?[tag]?.GetValue<string>();
}
