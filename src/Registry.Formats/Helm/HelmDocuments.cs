using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using NuGet.Versioning;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Registry.Formats.Helm;

/// <summary>
/// A channel's <c>index.yaml</c> (https://helm.sh/docs/topics/chart_repository/#the-index-file), as GitLab's
/// <c>Packages::Helm::GenerateMetadataService</c> writes it: <c>apiVersion: v1</c>, <c>entries</c> by chart name with each
/// name's versions newest first by SemVer, each with its <c>Chart.yaml</c> fields, <c>created</c>, <c>digest</c> (the
/// SHA-256 of the <c>.tgz</c>) and <c>urls</c> relative to the index (<c>charts/{name}-{version}.tgz</c>), then
/// <c>generated</c> and <c>serverInfo.contextPath</c>, from which <c>helm cm-push</c> builds its upload URL. Keys are
/// written in helm's own order (alphabetical, as <c>helm repo index</c> writes them). Pure functions.
/// </summary>
internal static partial class HelmDocuments
{
    /// <summary>GitLab's content type for <c>index.yaml</c>.</summary>
    public const string IndexContentType = "text/yaml";

    /// <summary>
    /// What a channel's <c>index.yaml</c> depends on besides its context path: each listed file's name, digest and upload
    /// time (the digest fixes the <c>Chart.yaml</c> fields, the times fix <c>created</c> and <c>generated</c>).
    /// </summary>
    public static string Fingerprint(IReadOnlyCollection<HelmIndexEntry> entries)
    {
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(CultureInfo.InvariantCulture, $"{entry.FileName}|{entry.Digest}|{entry.Created.ToUnixTimeMilliseconds()}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The index of <paramref name="entries"/>, generated at <paramref name="generated"/>.</summary>
    public static byte[] Index(IEnumerable<HelmIndexEntry> entries, DateTimeOffset generated, string contextPath)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        emitter.Emit(new MappingStart());
        Text(emitter, "apiVersion", "v1");

        Key(emitter, "entries");
        emitter.Emit(new MappingStart());
        foreach (var chart in entries.GroupBy(e => e.Chart.Name, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Key(emitter, chart.Key);
            emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
            foreach (var entry in chart.OrderByDescending(e => SemVer(e.Chart.Version)).ThenByDescending(e => e.Created))
            {
                Entry(emitter, entry);
            }

            emitter.Emit(new SequenceEnd());
        }

        emitter.Emit(new MappingEnd());
        Text(emitter, "generated", Timestamp(generated));
        Key(emitter, "serverInfo");
        emitter.Emit(new MappingStart());
        Text(emitter, "contextPath", contextPath);
        emitter.Emit(new MappingEnd());
        emitter.Emit(new MappingEnd());
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return Encoding.UTF8.GetBytes(writer.ToString());
    }

    /// <summary>One version: the chart's fields and the index's own, all in alphabetical order as helm writes them.</summary>
    private static void Entry(Emitter emitter, HelmIndexEntry entry)
    {
        var chart = entry.Chart;
        emitter.Emit(new MappingStart());
        Text(emitter, "annotations", chart.Annotations);
        Text(emitter, "apiVersion", chart.ApiVersion);
        Text(emitter, "appVersion", chart.AppVersion);
        Text(emitter, "condition", chart.Condition);
        Text(emitter, "created", Timestamp(entry.Created));
        Sequence(emitter, "dependencies", chart.Dependencies, dependency => Dependency(emitter, dependency));

        Flag(emitter, "deprecated", chart.Deprecated);
        Text(emitter, "description", chart.Description);
        Text(emitter, "digest", entry.Digest);
        Text(emitter, "home", chart.Home);
        Text(emitter, "icon", chart.Icon);
        Texts(emitter, "keywords", chart.Keywords);
        Text(emitter, "kubeVersion", chart.KubeVersion);
        Sequence(emitter, "maintainers", chart.Maintainers, maintainer =>
        {
            emitter.Emit(new MappingStart());
            Text(emitter, "email", maintainer.Email);
            Text(emitter, "name", maintainer.Name);
            Text(emitter, "url", maintainer.Url);
            emitter.Emit(new MappingEnd());
        });

        Text(emitter, "name", chart.Name);
        Texts(emitter, "sources", chart.Sources);
        Text(emitter, "tags", chart.Tags);
        Text(emitter, "type", chart.Type);
        Texts(emitter, "urls", ["charts/" + entry.FileName]);
        Text(emitter, "version", chart.Version);
        emitter.Emit(new MappingEnd());
    }

    private static void Dependency(Emitter emitter, HelmDependency dependency)
    {
        emitter.Emit(new MappingStart());
        Text(emitter, "alias", dependency.Alias);
        Text(emitter, "condition", dependency.Condition);
        Flag(emitter, "enabled", dependency.Enabled);
        Sequence(emitter, "import-values", dependency.ImportValues?.ToList(), item =>
        {
            if (item is System.Text.Json.Nodes.JsonObject map)
            {
                emitter.Emit(new MappingStart());
                foreach (var (key, value) in map)
                {
                    Text(emitter, key, value?.GetValue<string>());
                }

                emitter.Emit(new MappingEnd());
            }
            else
            {
                Scalar(emitter, item?.GetValue<string>() ?? string.Empty);
            }
        });

        Text(emitter, "name", dependency.Name);
        Text(emitter, "repository", dependency.Repository);
        Texts(emitter, "tags", dependency.Tags);
        Text(emitter, "version", dependency.Version);
        emitter.Emit(new MappingEnd());
    }

    private static void Text(Emitter emitter, string key, string? value)
    {
        if (value is not null)
        {
            Key(emitter, key);
            Scalar(emitter, value);
        }
    }

    private static void Text(Emitter emitter, string key, IReadOnlyDictionary<string, string>? values)
    {
        if (values is { Count: > 0 })
        {
            Key(emitter, key);
            emitter.Emit(new MappingStart());
            foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                Text(emitter, name, value);
            }

            emitter.Emit(new MappingEnd());
        }
    }

    private static void Texts(Emitter emitter, string key, IReadOnlyList<string>? values) => Sequence(emitter, key, values, value => Scalar(emitter, value));

    /// <summary>A block sequence under <paramref name="key"/>, left out when empty (helm's <c>omitempty</c>).</summary>
    private static void Sequence<T>(Emitter emitter, string key, IReadOnlyList<T>? items, Action<T> write)
    {
        if (items is { Count: > 0 })
        {
            Key(emitter, key);
            emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Block));
            foreach (var item in items)
            {
                write(item);
            }

            emitter.Emit(new SequenceEnd());
        }
    }

    /// <summary>A boolean, written only when true, as helm's <c>omitempty</c> does.</summary>
    private static void Flag(Emitter emitter, string key, bool value)
    {
        if (value)
        {
            Key(emitter, key);
            emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "true", ScalarStyle.Plain, true, false));
        }
    }

    private static void Key(Emitter emitter, string key) => Scalar(emitter, key);

    /// <summary>
    /// A string: plain when YAML can only read it back as that same string, otherwise double-quoted, so that no version,
    /// date or word such as <c>yes</c> turns into a number or boolean in helm's decoder.
    /// </summary>
    private static void Scalar(Emitter emitter, string value) =>
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, value, SafePlain().IsMatch(value) && !IsYamlWord(value) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted, true, true));

    private static bool IsYamlWord(string value) => value.ToLowerInvariant() is "y" or "n" or "yes" or "no" or "on" or "off" or "true" or "false" or "null" or "~";

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);

    /// <summary>The SemVer order Helm sorts by (a leading <c>v</c> ignored); an unparsable version sorts last.</summary>
    private static SemanticVersion SemVer(string version) =>
        SemanticVersion.TryParse(version.StartsWith('v') ? version[1..] : version, out var parsed) ? parsed : new SemanticVersion(0, 0, 0, "0");

    // Starts with a letter or '/', holds no character YAML gives a meaning (': ', ' #', flow or quote characters).
    [GeneratedRegex(@"\A[A-Za-z/][A-Za-z0-9 ._/@+-]*(?<! )\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafePlain();
}
