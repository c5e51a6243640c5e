using System.Text.Json;
using System.Text.Json.Nodes;

namespace Registry.Formats.PyPI;

/// <summary>
/// What the registry keeps of a release's core metadata, stored as the package's metadata JSON: GitLab's PyPI
/// metadatum fields, and the <c>Requires-Python</c> of each file, since a release's wheels and sdist may differ.
/// </summary>
internal sealed record PyPIPackageMetadata(string? RequiresPython, string? Summary, string? MetadataVersion, IReadOnlyDictionary<string, string?> FileRequiresPython)
{
    public static PyPIPackageMetadata Empty { get; } = new(null, null, null, new Dictionary<string, string?>());

    /// <summary>This release's metadata with one more file.</summary>
    public PyPIPackageMetadata WithFile(string fileName, PyPICoreMetadata metadata)
    {
        var files = new Dictionary<string, string?>(FileRequiresPython, StringComparer.Ordinal) { [fileName] = metadata.RequiresPython };
        return new PyPIPackageMetadata(metadata.RequiresPython, metadata.Summary, metadata.MetadataVersion, files);
    }

    /// <summary>The Requires-Python of a file: its own when recorded, else the release's.</summary>
    public string? RequiresPythonOf(string fileName) =>
        FileRequiresPython.TryGetValue(fileName, out var own) ? own : RequiresPython;

    public string ToJson()
    {
        var files = new JsonObject();
        foreach (var (file, requires) in FileRequiresPython)
        {
            files[file] = requires;
        }

        return new JsonObject
        {
            ["requires_python"] = RequiresPython,
            ["summary"] = Summary,
            ["metadata_version"] = MetadataVersion,
            ["files"] = files,
        }.ToJsonString();
    }

    public static PyPIPackageMetadata FromJsonOrEmpty(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return Empty;
        }

        try
        {
            if (JsonNode.Parse(json) is not JsonObject root)
            {
                return Empty;
            }

            var files = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (root["files"] is JsonObject fileNodes)
            {
                foreach (var (file, requires) in fileNodes)
                {
                    files[file] = requires?.GetValue<string>();
                }
            }

            return new PyPIPackageMetadata(Text(root, "requires_python"), Text(root, "summary"), Text(root, "metadata_version"), files);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return Empty;
        }
    }

    private static string? Text(JsonObject root, string key) => root[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
