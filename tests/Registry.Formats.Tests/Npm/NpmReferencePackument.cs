using System.Text;
using System.Text.Json.Nodes;
using Registry.Core.Packages;
using Registry.Formats.Npm;

namespace Registry.Formats.Tests.Npm;

/// <summary>
/// The test oracle: the packuments rendered whole as one JSON tree from every version, as the endpoint rendered them
/// before it rendered per version (<see cref="NpmPackuments"/>). The fragment-built documents must equal these byte for byte.
/// </summary>
internal static class NpmReferencePackument
{
    private static readonly string[] AbbreviatedFields =
    [
        "name", "version", "dependencies", "optionalDependencies", "peerDependencies", "peerDependenciesMeta",
        "bundleDependencies", "bin", "engines", "os", "cpu", "deprecated", "hasInstallScript", "_hasShrinkwrap", "directories", "funding", "license",
    ];

    public static byte[] Full(string name, IReadOnlyList<Package> versions, string registryUrl)
    {
        var ordered = versions.OrderBy(p => p.CreatedAt).ToList();
        var tags = NpmDocuments.DistTags(ordered);
        var time = new JsonObject
        {
            ["created"] = NpmDocuments.Time(ordered.Min(p => p.CreatedAt)),
            ["modified"] = NpmDocuments.Time(ordered.Max(p => p.UpdatedAt)),
        };
        var versionsNode = new JsonObject();
        foreach (var package in ordered)
        {
            versionsNode[package.Version] = NpmDocuments.VersionManifest(name, package, registryUrl);
            time[package.Version] = NpmDocuments.Time(package.CreatedAt);
        }

        var latest = versionsNode[tags["latest"]] as JsonObject;
        var document = new JsonObject
        {
            ["_id"] = name,
            ["_rev"] = NpmDocuments.Rev(ordered),
            ["name"] = name,
        };
        if (latest?["description"] is { } description)
        {
            document["description"] = description.DeepClone();
        }

        document["dist-tags"] = TagsNode(tags);
        document["versions"] = versionsNode;
        document["time"] = time;
        var maintainers = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var manifest in ordered.Select(p => versionsNode[p.Version]))
        {
            if (manifest?[NpmDocuments.PublisherField]?["name"] is JsonValue value && value.TryGetValue<string>(out var publisher) && seen.Add(publisher))
            {
                maintainers.Add(new JsonObject { ["name"] = publisher });
            }
        }

        document["maintainers"] = maintainers;
        document["readme"] = latest?["readme"]?.DeepClone() ?? string.Empty;
        return Encoding.UTF8.GetBytes(NpmDocuments.Serialize(document));
    }

    public static byte[] Abbreviated(string name, IReadOnlyList<Package> versions, string registryUrl)
    {
        var ordered = versions.OrderBy(p => p.CreatedAt).ToList();
        var versionsNode = new JsonObject();
        foreach (var package in ordered)
        {
            var manifest = NpmDocuments.Manifest(package);
            var abbreviated = new JsonObject();
            foreach (var field in AbbreviatedFields)
            {
                if (manifest[field] is { } value)
                {
                    abbreviated[field] = value.DeepClone();
                }
            }

            if (manifest["scripts"] is JsonObject scripts && (scripts.ContainsKey("preinstall") || scripts.ContainsKey("install") || scripts.ContainsKey("postinstall")))
            {
                abbreviated["hasInstallScript"] = true;
            }

            var dist = manifest["dist"] as JsonObject ?? [];
            abbreviated["dist"] = new JsonObject
            {
                ["tarball"] = NpmDocuments.TarballUrl(registryUrl, name, package.Version),
                ["shasum"] = dist["shasum"]?.DeepClone(),
                ["integrity"] = dist["integrity"]?.DeepClone(),
            };
            versionsNode[package.Version] = abbreviated;
        }

        var document = new JsonObject
        {
            ["name"] = name,
            ["modified"] = NpmDocuments.Time(ordered.Max(p => p.UpdatedAt)),
            ["dist-tags"] = TagsNode(NpmDocuments.DistTags(ordered)),
            ["versions"] = versionsNode,
        };
        return Encoding.UTF8.GetBytes(NpmDocuments.Serialize(document));
    }

    private static JsonObject TagsNode(IDictionary<string, string> tags)
    {
        var node = new JsonObject();
        foreach (var (tag, version) in tags)
        {
            node[tag] = version;
        }

        return node;
    }
}
