using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Storage;
using Registry.Formats.Npm;
using Registry.Tests.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>
/// Through the host (SQLite catalog): the packument after each publish, dist-tag change, deprecation and unpublish is read
/// incrementally (versions without metadata, then only the changed rows) and still equals, byte for byte, the whole
/// render of the catalog's rows as they are (<see cref="NpmReferencePackument"/>), in both variants.
/// </summary>
public sealed class NpmIncrementalPackumentHttpTests : IDisposable
{
    private const string Registry = "/api/v4/projects/demo%2Fapp/packages/npm";
    private const string Name = "@demo/many";
    private readonly NpmHostFactory _host = new();
    private readonly HttpClient _client;

    public NpmIncrementalPackumentHttpTests()
    {
        _client = _host.CreateClient();
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", NpmHostFactory.AdminToken);
    }

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Every_change_is_served_equal_to_a_whole_render()
    {
        // More versions than are read one by one, so the first render reads the whole list and later ones only the changes.
        for (var i = 0; i < 40; i++)
        {
            await PublishAsync($"1.{i}.0");
        }

        await ExpectWholeRenderAsync("40 published");

        await PublishAsync("2.0.0");
        await ExpectWholeRenderAsync("a publish");

        (await _client.PutAsync(Registry + "/-/package/@demo%2fmany/dist-tags/beta", new StringContent("\"1.3.0\"", Encoding.UTF8, "application/json")))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        await ExpectWholeRenderAsync("a dist-tag");

        var document = await GetWriteDocumentAsync();
        document["versions"]!["1.5.0"]!["deprecated"] = "use 2.0.0";
        (await _client.PutAsync(Registry + "/@demo%2fmany", new StringContent(document.ToJsonString(), Encoding.UTF8, "application/json")))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var deprecated = await ExpectWholeRenderAsync("a deprecation");
        deprecated.Should().Contain("\"deprecated\":\"use 2.0.0\"");

        (await _client.DeleteAsync(Registry + "/@demo/many/-/many-1.7.0.tgz/-rev/1")).StatusCode.Should().Be(HttpStatusCode.OK);
        var unpublished = await ExpectWholeRenderAsync("an unpublish");
        unpublished.Should().NotContain("\"1.7.0\"");
    }

    private async Task PublishAsync(string version)
    {
        var put = await _client.PutAsync(Registry + "/@demo%2fmany", new StringContent(NpmPackages.PublishDocument(Name, version).ToJsonString(), Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject> GetWriteDocumentAsync()
    {
        var response = await _client.GetAsync(Registry + "/@demo%2fmany?write=true");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())?.AsObject() ?? throw new InvalidOperationException("no document");
    }

    /// <summary>GETs both variants, compares each with the whole render of the rows now in the catalog, and returns the full one.</summary>
    private async Task<string> ExpectWholeRenderAsync(string after)
    {
        var project = await _host.Services.GetRequiredService<IProjectDirectory>().FindProjectOrNullAsync("demo/app", CancellationToken.None) ?? throw new InvalidOperationException("no project");
        var rows = await _host.Services.GetRequiredService<IPackageStore>().ListVersionsAsync(project.Id, NpmFormat.NpmType, Name, CancellationToken.None);
        const string registryUrl = "http://localhost" + Registry;
        var full = string.Empty;
        foreach (var abbreviated in new[] { false, true })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Registry + "/@demo%2fmany");
            if (abbreviated)
            {
                request.Headers.TryAddWithoutValidation("Accept", NpmDocuments.AbbreviatedContentType);
            }

            var response = await _client.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var body = await response.Content.ReadAsStringAsync();
            var expected = abbreviated ? NpmReferencePackument.Abbreviated(Name, rows, registryUrl) : NpmReferencePackument.Full(Name, rows, registryUrl);
            body.Should().Be(Encoding.UTF8.GetString(expected), $"after {after} (abbreviated: {abbreviated})");
            full = abbreviated ? full : body;
        }

        return full;
    }
}
