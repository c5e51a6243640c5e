using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registry.Formats.Tests.Composer;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Documents;

/// <summary>
/// Snapshots of the Composer repository's documents (packages.json, the tagged and dev p2 files) from archives
/// published over HTTP on a set clock: the archives' bytes are fixed, so their SHA-1s are too.
/// </summary>
public sealed class ComposerDocumentSnapshotTests : IAsyncLifetime, IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SetClock _clock = new();
    private readonly ComposerHostFactory _host;
    private HttpClient _client = new();

    public ComposerDocumentSnapshotTests() => _host = new ComposerHostFactory(clock: _clock);

    public async Task InitializeAsync()
    {
        _client.Dispose();
        _client = _host.CreateClient();
        foreach (var (version, form) in new[] { ("1.0.0", "version"), ("v1.1.0", "tag"), ("main", "branch") })
        {
            _clock.Now += TimeSpan.FromMinutes(1);
            var upload = await _client.SendAsync(ComposerHostFactory.Post(ComposerHostFactory.Archive("demo/widget", code: version), new Dictionary<string, string> { [form] = version }));
            upload.IsSuccessStatusCode.Should().BeTrue(await upload.Content.ReadAsStringAsync());
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Composer_packages_json_points_at_the_p2_files_and_names_every_package() =>
        Snapshot.Match(await GetAsync(ComposerHostFactory.Group + "/packages.json"));

    [Fact]
    public async Task Composer_p2_file_lists_tagged_versions_with_their_zip_dist() =>
        Snapshot.Match(await GetAsync(ComposerHostFactory.Group + "/p2/demo/widget.json"));

    [Fact]
    public async Task Composer_dev_p2_file_lists_branch_versions() =>
        Snapshot.Match(await GetAsync(ComposerHostFactory.Group + "/p2/demo/widget~dev.json"));

    private async Task<string> GetAsync(string path)
    {
        using var request = ComposerHostFactory.Get(path);
        using var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue("GET {0} answered {1}: {2}", path, (int)response.StatusCode, body);
        return (JsonNode.Parse(body) ?? throw new InvalidOperationException("the body is JSON null")).ToJsonString(Indented);
    }
}
