using System.Net;
using System.Text.Json.Nodes;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.PyPI;

/// <summary>
/// Simple pages are cached per project name, but every request revalidates against the database: a second host on
/// the same data directory (as behind a load balancer) never serves a page that misses another host's upload or deletion.
/// </summary>
public sealed class PyPISimplePageCacheTests : IDisposable
{
    private const string Page = "simple/cached/";
    private const string Json = "application/vnd.pypi.simple.v1+json";
    private readonly SharedDataHosts _hosts = new(new PyPIHostFactory());

    public void Dispose() => _hosts.Dispose();

    [Fact]
    public async Task An_upload_through_another_host_is_on_the_next_page_served()
    {
        await UploadAsync(_hosts.A, PyPIHostFactory.Wheel("cached", "1.0.0"), "cached-1.0.0-py3-none-any.whl", "1.0.0");
        var (html, htmlTag) = await PageAsync(_hosts.A, accept: null);
        html.Should().Contain("cached-1.0.0-py3-none-any.whl").And.NotContain("cached-1.0.0.tar.gz");
        (await FileNamesAsync(_hosts.A)).Should().Equal("cached-1.0.0-py3-none-any.whl");

        // A second file of the same release: the release's row is the same, only its files changed.
        await UploadAsync(_hosts.B, PyPIHostFactory.Sdist("cached", "1.0.0"), "cached-1.0.0.tar.gz", "1.0.0");
        var (afterSdist, sdistTag) = await PageAsync(_hosts.A, accept: null);
        afterSdist.Should().Contain("cached-1.0.0.tar.gz");
        sdistTag.Should().NotBe(htmlTag);
        (await FileNamesAsync(_hosts.A)).Should().Equal("cached-1.0.0-py3-none-any.whl", "cached-1.0.0.tar.gz");

        await UploadAsync(_hosts.B, PyPIHostFactory.Wheel("cached", "2.0.0"), "cached-2.0.0-py3-none-any.whl", "2.0.0");
        (await FileNamesAsync(_hosts.A)).Should().Equal("cached-1.0.0-py3-none-any.whl", "cached-1.0.0.tar.gz", "cached-2.0.0-py3-none-any.whl");
        (await PageAsync(_hosts.A, accept: null)).Html.Should().Contain("cached-2.0.0-py3-none-any.whl");
    }

    [Fact]
    public async Task Revalidation_answers_304_until_another_host_changes_the_project()
    {
        await UploadAsync(_hosts.A, PyPIHostFactory.Wheel("cached", "1.0.0"), "cached-1.0.0-py3-none-any.whl", "1.0.0");
        var (_, etag) = await PageAsync(_hosts.A, Json);

        (await ConditionalAsync(_hosts.A, etag)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await ConditionalAsync(_hosts.B, etag)).StatusCode.Should().Be(HttpStatusCode.NotModified, "both hosts derive the tag from the same catalog state");

        await UploadAsync(_hosts.B, PyPIHostFactory.Wheel("cached", "1.1.0"), "cached-1.1.0-py3-none-any.whl", "1.1.0");
        var changed = await ConditionalAsync(_hosts.A, etag);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).Should().Contain("cached-1.1.0-py3-none-any.whl");
    }

    [Fact]
    public async Task The_html_and_the_json_page_are_kept_apart()
    {
        await UploadAsync(_hosts.A, PyPIHostFactory.Wheel("cached", "1.0.0"), "cached-1.0.0-py3-none-any.whl", "1.0.0");
        var (html, htmlTag) = await PageAsync(_hosts.A, accept: null);
        var (json, jsonTag) = await PageAsync(_hosts.A, Json);

        html.Should().StartWith("<!DOCTYPE html>");
        JsonNode.Parse(json)?["name"]?.GetValue<string>().Should().Be("cached");
        jsonTag.Should().NotBe(htmlTag);
    }

    private static async Task UploadAsync(HttpClient client, byte[] file, string fileName, string version)
    {
        var response = await client.SendAsync(PyPIHostFactory.Upload(file, fileName, "cached", version));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(string Html, string ETag)> PageAsync(HttpClient client, string? accept)
    {
        var response = await client.SendAsync(PyPIHostFactory.Read(Page, accept: accept));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag?.Tag ?? throw new InvalidOperationException("no ETag"));
    }

    private static async Task<IEnumerable<string?>> FileNamesAsync(HttpClient client)
    {
        var (json, _) = await PageAsync(client, Json);
        return (JsonNode.Parse(json)?["files"] as JsonArray ?? []).Select(f => f?["filename"]?.GetValue<string>());
    }

    private static Task<HttpResponseMessage> ConditionalAsync(HttpClient client, string etag)
    {
        var request = PyPIHostFactory.Read(Page, accept: Json);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return client.SendAsync(request);
    }
}
