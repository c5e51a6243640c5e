using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Registry.Formats.Helm;

/// <summary>
/// The fields of a chart's <c>Chart.yaml</c> that Helm reads (<c>chart.Metadata</c> in helm's <c>pkg/chart/v2/metadata.go</c>,
/// https://helm.sh/docs/topics/charts/#the-chartyaml-file), as they go into a channel's <c>index.yaml</c>. Only these:
/// helm loads <c>index.yaml</c> with a strict YAML decoder, so an unknown field would make the whole index unreadable.
/// </summary>
internal sealed record HelmChart
{
    [JsonPropertyName("apiVersion")] public required string ApiVersion { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("appVersion")] public string? AppVersion { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("kubeVersion")] public string? KubeVersion { get; init; }
    [JsonPropertyName("home")] public string? Home { get; init; }
    [JsonPropertyName("icon")] public string? Icon { get; init; }
    [JsonPropertyName("condition")] public string? Condition { get; init; }
    [JsonPropertyName("tags")] public string? Tags { get; init; }
    [JsonPropertyName("deprecated")] public bool Deprecated { get; init; }
    [JsonPropertyName("keywords")] public IReadOnlyList<string>? Keywords { get; init; }
    [JsonPropertyName("sources")] public IReadOnlyList<string>? Sources { get; init; }
    [JsonPropertyName("maintainers")] public IReadOnlyList<HelmMaintainer>? Maintainers { get; init; }
    [JsonPropertyName("annotations")] public IReadOnlyDictionary<string, string>? Annotations { get; init; }
    [JsonPropertyName("dependencies")] public IReadOnlyList<HelmDependency>? Dependencies { get; init; }
}

/// <summary>A chart maintainer (<c>chart.Maintainer</c>).</summary>
internal sealed record HelmMaintainer
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("url")] public string? Url { get; init; }
}

/// <summary>A chart dependency (<c>chart.Dependency</c>); <c>import-values</c> items are strings or <c>child</c>/<c>parent</c> maps.</summary>
internal sealed record HelmDependency
{
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("repository")] public string? Repository { get; init; }
    [JsonPropertyName("condition")] public string? Condition { get; init; }
    [JsonPropertyName("tags")] public IReadOnlyList<string>? Tags { get; init; }
    [JsonPropertyName("enabled")] public bool Enabled { get; init; }
    [JsonPropertyName("import-values")] public JsonArray? ImportValues { get; init; }
    [JsonPropertyName("alias")] public string? Alias { get; init; }
}
