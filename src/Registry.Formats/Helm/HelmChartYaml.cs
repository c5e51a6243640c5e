using System.Text.Json.Nodes;
using Registry.Formats.Protocol;
using YamlDotNet.Core;

namespace Registry.Formats.Helm;

/// <summary>
/// Reads a <c>Chart.yaml</c> (https://helm.sh/docs/topics/charts/#the-chartyaml-file) into the fields Helm reads, and
/// checks what Helm and GitLab check: a name GitLab accepts, a SemVer 2.0 version, <c>apiVersion</c> v1 or v2, a known
/// <c>type</c>. Scalars in string fields keep their text whatever YAML would make of them (<c>appVersion: 1.10</c> is
/// "1.10"), as helm's decoder does for string targets; a mapping or list where a string belongs is refused.
/// </summary>
internal static class HelmChartYaml
{
    /// <summary>The chart's metadata, or why <paramref name="text"/> is not an acceptable <c>Chart.yaml</c>.</summary>
    public static ParseResult<HelmChart> Read(string text)
    {
        YamlNode root;
        try
        {
            root = HelmYamlTree.Read(text);
        }
        catch (Exception ex) when (ex is YamlException or InvalidDataException or InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner throws InvalidOperationException on some malformed input, not only YamlException.
            return new ParseError($"Chart.yaml is not valid: {ex.Message}");
        }

        if (root is not YamlMapping fields)
        {
            return new ParseError("Chart.yaml is not valid: it must be a mapping of fields");
        }

        try
        {
            return Validate(ToChart(fields));
        }
        catch (InvalidDataException ex)
        {
            return new ParseError($"Chart.yaml is not valid: {ex.Message}");
        }
    }

    private static ParseResult<HelmChart> Validate(HelmChart chart)
    {
        if (!HelmNames.IsChartName(chart.Name))
        {
            return new ParseError($"Chart.yaml name '{chart.Name}' is invalid: use letters and digits, with single '.', '-' or '_' between them (at most 255)");
        }

        if (!HelmNames.IsVersion(chart.Version))
        {
            return new ParseError($"Chart.yaml version '{chart.Version}' is not a SemVer 2.0 version (for example 1.2.3 or 1.2.3-rc.1)");
        }

        if (chart.ApiVersion is not ("v1" or "v2"))
        {
            return new ParseError($"Chart.yaml apiVersion '{chart.ApiVersion}' is not supported: use v2 (Helm 3) or v1");
        }

        if (chart.Type is not (null or "application" or "library"))
        {
            return new ParseError($"Chart.yaml type '{chart.Type}' is invalid: use application or library");
        }

        return chart;
    }

    private static HelmChart ToChart(YamlMapping fields)
    {
        string? Field(string key) => Text(fields, key);
        return new HelmChart
        {
            // Helm's loader reads a Chart.yaml without apiVersion as a v1 chart.
            ApiVersion = Field("apiVersion") ?? "v1",
            Name = Field("name") ?? throw new InvalidDataException("the field 'name' is required"),
            Version = Field("version") ?? throw new InvalidDataException("the field 'version' is required"),
            AppVersion = Field("appVersion"),
            Description = Field("description"),
            Type = Field("type"),
            KubeVersion = Field("kubeVersion"),
            Home = Field("home"),
            Icon = Field("icon"),
            Condition = Field("condition"),
            Tags = Field("tags"),
            Deprecated = Flag(fields, "deprecated"),
            Keywords = Texts(fields, "keywords"),
            Sources = Texts(fields, "sources"),
            Maintainers = Mappings(fields, "maintainers")?.Select(m => new HelmMaintainer
            {
                Name = Text(m, "name"),
                Email = Text(m, "email"),
                Url = Text(m, "url"),
            }).ToList(),
            Annotations = Annotations(fields),
            Dependencies = Mappings(fields, "dependencies")?.Select(d => new HelmDependency
            {
                Name = Text(d, "name") ?? throw new InvalidDataException("a dependency has no 'name'"),
                Version = Text(d, "version"),
                Repository = Text(d, "repository"),
                Condition = Text(d, "condition"),
                Tags = Texts(d, "tags"),
                Enabled = Flag(d, "enabled"),
                ImportValues = ImportValues(d),
                Alias = Text(d, "alias"),
            }).ToList(),
        };
    }

    private static YamlNode? Value(YamlMapping mapping, string key)
    {
        foreach (var (name, value) in mapping.Entries)
        {
            if (name == key)
            {
                return value is YamlScalar { IsNull: true } ? null : value;
            }
        }

        return null;
    }

    private static string? Text(YamlMapping mapping, string key) => Value(mapping, key) switch
    {
        null => null,
        YamlScalar scalar => scalar.Value,
        _ => throw new InvalidDataException($"the field '{key}' must be a string"),
    };

    private static bool Flag(YamlMapping mapping, string key) => Value(mapping, key) switch
    {
        null => false,
        YamlScalar { Plain: true, Value: "true" or "True" or "TRUE" } => true,
        YamlScalar { Plain: true, Value: "false" or "False" or "FALSE" } => false,
        _ => throw new InvalidDataException($"the field '{key}' must be true or false"),
    };

    private static List<string>? Texts(YamlMapping mapping, string key) => Value(mapping, key) switch
    {
        null => null,
        YamlSequence list => [.. list.Items.Select(item => item is YamlScalar scalar ? scalar.Value : throw new InvalidDataException($"the field '{key}' must be a list of strings"))],
        _ => throw new InvalidDataException($"the field '{key}' must be a list of strings"),
    };

    private static List<YamlMapping>? Mappings(YamlMapping mapping, string key) => Value(mapping, key) switch
    {
        null => null,
        YamlSequence list => [.. list.Items.Select(item => item as YamlMapping ?? throw new InvalidDataException($"every item of '{key}' must be a mapping"))],
        _ => throw new InvalidDataException($"the field '{key}' must be a list"),
    };

    private static SortedDictionary<string, string>? Annotations(YamlMapping mapping) => Value(mapping, "annotations") switch
    {
        null => null,
        YamlMapping annotations => new(
            annotations.Entries.ToDictionary(
                e => e.Key,
                e => e.Value is YamlScalar scalar ? scalar.Value : throw new InvalidDataException($"the annotation '{e.Key}' must be a string")),
            StringComparer.Ordinal),
        _ => throw new InvalidDataException("the field 'annotations' must be a mapping of strings"),
    };

    private static JsonArray? ImportValues(YamlMapping dependency) => Value(dependency, "import-values") switch
    {
        null => null,
        YamlSequence list => [.. list.Items.Select(ImportValue)],
        _ => throw new InvalidDataException("the field 'import-values' must be a list"),
    };

    /// <summary>An <c>import-values</c> item: a values path, or a <c>child</c>/<c>parent</c> mapping of paths.</summary>
    private static JsonNode ImportValue(YamlNode item) => item switch
    {
        YamlScalar scalar => JsonValue.Create(scalar.Value),
        YamlMapping map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(
            e.Key,
            (JsonNode?)(e.Value is YamlScalar scalar ? JsonValue.Create(scalar.Value) : throw new InvalidDataException("an 'import-values' mapping must hold strings"))))),
        _ => throw new InvalidDataException("an 'import-values' item must be a string or a mapping"),
    };
}
