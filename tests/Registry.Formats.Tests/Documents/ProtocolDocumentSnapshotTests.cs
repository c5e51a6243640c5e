using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Documents;

/// <summary>
/// Snapshots of every protocol document a client reads, from content published over HTTP on a set clock
/// (<see cref="ProtocolDocumentsHost"/>). Nothing is scrubbed: the in-process host is always <c>http://localhost</c>,
/// the project always <c>demo/app</c>, every time is the clock's and every digest is of the same bytes.
/// </summary>
public sealed class ProtocolDocumentSnapshotTests(ProtocolDocumentsHost host) : IClassFixture<ProtocolDocumentsHost>
{
    private const string Project = ProtocolDocumentsHost.Project;

    /// <summary>Indented, and escaping only what JSON must, so that <c>+</c> and <c>&gt;</c> read as themselves.</summary>
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Npm_packument_lists_both_versions_with_their_dist_and_times() =>
        Snapshot.Match(Json(await host.GetAsync($"{Project}/npm/@demo%2fwidget")));

    [Fact]
    public async Task Npm_abbreviated_packument_keeps_what_installs_need() =>
        Snapshot.Match(Json(await host.GetAsync($"{Project}/npm/@demo%2fwidget", "application/vnd.npm.install-v1+json")));

    [Fact]
    public async Task NuGet_service_index_names_every_resource_of_the_project() =>
        Snapshot.Match(Json(await host.GetAsync($"{Project}/nuget/index.json")));

    [Fact]
    public async Task NuGet_registration_index_inlines_the_page_of_both_versions() =>
        Snapshot.Match(Json(await host.GetAsync($"{Project}/nuget/metadata/demo.widget/index.json")));

    [Fact]
    public async Task PyPI_simple_html_page_links_every_file_with_its_digest() =>
        Snapshot.Match(await host.GetAsync($"{Project}/pypi/simple/demo-widget/", "text/html"));

    [Fact]
    public async Task PyPI_simple_json_page_follows_pep_691() =>
        Snapshot.Match(Json(await host.GetAsync($"{Project}/pypi/simple/demo-widget/", "application/vnd.pypi.simple.v1+json")));

    [Fact]
    public async Task Maven_metadata_lists_both_versions_latest_last() =>
        Snapshot.Match(await host.GetAsync($"{Project}/maven/com/example/widget/maven-metadata.xml"));

    /// <summary>The parsed document, indented, so that a change shows line by line.</summary>
    private static string Json(string body) =>
        (JsonNode.Parse(body) ?? throw new InvalidOperationException("the body is JSON null")).ToJsonString(Indented);
}
