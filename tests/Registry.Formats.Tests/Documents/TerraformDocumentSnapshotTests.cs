using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Registry.Formats.Tests.Infrastructure;
using Registry.Formats.Tests.Terraform;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Documents;

/// <summary>Snapshots of the module registry protocol's documents, from modules published over HTTP on a set clock.</summary>
public sealed class TerraformDocumentSnapshotTests : IAsyncLifetime, IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly TerraformHostFactory _host = new();
    private HttpClient _client = new();

    public async Task InitializeAsync()
    {
        _client.Dispose();
        _client = _host.CreateClient();
        foreach (var version in new[] { "1.0.0", "1.1.0-rc.1", "1.1.0" })
        {
            _host.Clock.Now += TimeSpan.FromMinutes(1);
            using var put = await TerraformHostFactory.PublishAsync(_client, "demo/app", "vpc", "aws", version, TerraformArchiveBuilder.Module(version));
            put.EnsureSuccessStatusCode();
        }

        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SampleHostFactory.AdminToken);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task Terraform_discovery_names_the_modules_api() =>
        Snapshot.Match(Json(await _client.GetStringAsync("/.well-known/terraform.json")));

    [Fact]
    public async Task Terraform_versions_list_every_version_newest_first() =>
        Snapshot.Match(Json(await _client.GetStringAsync($"{TerraformHostFactory.Modules}/demo/vpc/aws/versions")));

    [Fact]
    public async Task Terraform_latest_details_name_the_newest_release() =>
        Snapshot.Match(Json(await _client.GetStringAsync($"{TerraformHostFactory.Modules}/demo/vpc/aws")));

    private static string Json(string body) =>
        (JsonNode.Parse(body) ?? throw new InvalidOperationException("the body is JSON null")).ToJsonString(Indented);
}
