using System.Text.Json;
using System.Text.Json.Serialization;

namespace Registry.Formats.Helm;

/// <summary>
/// What a Helm package version keeps as metadata: for each channel it was uploaded to, the chart file the channel serves
/// (its SHA-256), that file's <c>Chart.yaml</c> fields and its provenance file, if any. GitLab keeps the channel and the
/// metadata per package file (<c>packages_helm_file_metadata</c>); a version uploaded again to a channel replaces that
/// channel's entry, and the other channels keep theirs.
/// </summary>
internal sealed record HelmPackageMetadata
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonPropertyName("channels")]
    public IReadOnlyDictionary<string, HelmChannelEntry> Channels { get; init; } = new Dictionary<string, HelmChannelEntry>(StringComparer.Ordinal);

    /// <summary>The stored metadata, or none when it is absent or not Helm's.</summary>
    public static HelmPackageMetadata FromJsonOrEmpty(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return new HelmPackageMetadata();
        }

        try
        {
            return JsonSerializer.Deserialize<HelmPackageMetadata>(json, Json) ?? new HelmPackageMetadata();
        }
        catch (JsonException)
        {
            return new HelmPackageMetadata();
        }
    }

    /// <summary>This metadata with <paramref name="channel"/> serving <paramref name="entry"/>.</summary>
    public HelmPackageMetadata WithChannel(string channel, HelmChannelEntry entry) =>
        new() { Channels = new SortedDictionary<string, HelmChannelEntry>(Channels.ToDictionary(), StringComparer.Ordinal) { [channel] = entry } };

    /// <summary>The entry of <paramref name="channel"/>, or null when the version is not in it.</summary>
    public HelmChannelEntry? ChannelOrNull(string channel) => Channels.GetValueOrDefault(channel);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>One channel's chart file of a version.</summary>
/// <param name="Sha256">The SHA-256 of the <c>.tgz</c> the channel serves.</param>
/// <param name="Chart">Its <c>Chart.yaml</c> fields.</param>
/// <param name="ProvenanceSha256">The SHA-256 of its <c>.prov</c> file, or null.</param>
internal sealed record HelmChannelEntry(
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("chart")] HelmChart Chart,
    [property: JsonPropertyName("prov")] string? ProvenanceSha256);
