using System.Text.Json;
using System.Text.Json.Nodes;
using Registry.Core.Packages;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>
/// The packument (https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md) written as UTF-8 from
/// per-version fragments: the full document (<c>npm view</c>, <c>?write=true</c>) and the abbreviated one
/// (<c>Accept: application/vnd.npm.install-v1+json</c>, <c>npm install</c>). Only the parts that span versions (dist-tags,
/// <c>time</c>, <c>maintainers</c>, the latest version's description and readme) are computed per render; each
/// <c>versions[v]</c> comes from the caller's fragment function, which may hand back the bytes of an earlier render
/// (<see cref="DocumentFragmentCache"/>), so a publish re-renders one version, not ten thousand.
/// </summary>
/// <remarks>
/// The bytes are what serializing the document as one JSON tree gives (same key order, same escaping, duplicate keys
/// keeping their first place and their last value), so a cached fragment and a fresh render are interchangeable.
/// </remarks>
internal static class NpmPackuments
{
    /// <summary>
    /// The full or abbreviated packument of <paramref name="versions"/> (at least one, read in full), each version's part
    /// taken from <paramref name="fragments"/> when its row is unchanged since it was rendered there under
    /// <paramref name="scope"/>, which must name everything the document depends on besides the rows (variant, base URL,
    /// project, the name as asked).
    /// </summary>
    public static DocumentBody Render(DocumentFragmentCache fragments, string scope, bool abbreviated, string name, IReadOnlyList<Package> versions, string registryUrl)
    {
        NpmVersionFragment Fragment(Package package) => Rendered(fragments, scope, abbreviated, name, package, registryUrl);
        return abbreviated ? Abbreviated(name, versions, Fragment) : Full(name, versions, Fragment);
    }

    /// <summary>The fragment of a version read in full: the kept one when the row is unchanged, otherwise rendered and kept.</summary>
    internal static NpmVersionFragment Rendered(DocumentFragmentCache fragments, string scope, bool abbreviated, string name, Package package, string registryUrl) =>
        fragments.GetOrRender(
            scope,
            package.Id,
            NpmVersionStamp.Of(package),
            () => abbreviated ? NpmDocuments.AbbreviatedFragment(name, package, registryUrl) : NpmDocuments.FullFragment(name, package, registryUrl),
            f => f.Size);

    /// <summary>The full packument of <paramref name="versions"/> (at least one).</summary>
    public static DocumentBody Full(string name, IReadOnlyList<Package> versions, Func<Package, NpmVersionFragment> fragment)
    {
        var ordered = versions.OrderBy(p => p.CreatedAt).ToList();
        var tags = NpmDocuments.DistTags(ordered);
        var byVersion = ByVersion(ordered, fragment);

        // The latest version's description and readme, from its fragment (the same JSON its row renders to), so that a
        // render needs no version's metadata but the changed ones'.
        var latest = JsonNode.Parse(byVersion[tags["latest"]].Fragment.Json) as JsonObject ?? [];
        var time = new OrderedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["created"] = NpmDocuments.Time(ordered.Min(p => p.CreatedAt)),
            ["modified"] = NpmDocuments.Time(ordered.Max(p => p.UpdatedAt)),
        };
        foreach (var package in ordered)
        {
            time[package.Version] = NpmDocuments.Time(package.CreatedAt);
        }

        return Write(byVersion, writer =>
        {
            writer.WriteString("_id", name);
            writer.WriteString("_rev", NpmDocuments.Rev(ordered));
            writer.WriteString("name", name);

            // Without a description the public registry has no "description" key and GitLab's packument never has one; a
            // null made yarn print "{}" as the description.
            if (latest["description"] is { } description)
            {
                writer.WritePropertyName("description");
                description.WriteTo(writer);
            }

            WriteTags(writer, tags);
            WriteVersions(writer, byVersion);
            writer.WriteStartObject("time");
            foreach (var (key, value) in time)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("maintainers");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var package in ordered)
            {
                if (byVersion[package.Version].Fragment.Publisher is { } publisher && seen.Add(publisher))
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", publisher);
                    writer.WriteEndObject();
                }
            }

            writer.WriteEndArray();
            writer.WritePropertyName("readme");
            (latest["readme"] ?? JsonValue.Create(string.Empty)).WriteTo(writer);
        });
    }

    /// <summary>The abbreviated packument of <paramref name="versions"/> (at least one).</summary>
    public static DocumentBody Abbreviated(string name, IReadOnlyList<Package> versions, Func<Package, NpmVersionFragment> fragment)
    {
        var ordered = versions.OrderBy(p => p.CreatedAt).ToList();
        var byVersion = ByVersion(ordered, fragment);
        return Write(byVersion, writer =>
        {
            writer.WriteString("name", name);
            writer.WriteString("modified", NpmDocuments.Time(ordered.Max(p => p.UpdatedAt)));
            WriteTags(writer, NpmDocuments.DistTags(ordered));
            WriteVersions(writer, byVersion);
        });
    }

    /// <summary>Each version's fragment, in the order of the first row with that version and from the last, as a JSON object's keys behave.</summary>
    private static OrderedDictionary<string, (Package Package, NpmVersionFragment Fragment)> ByVersion(List<Package> ordered, Func<Package, NpmVersionFragment> fragment)
    {
        var byVersion = new OrderedDictionary<string, (Package, NpmVersionFragment)>(ordered.Count, StringComparer.Ordinal);
        foreach (var package in ordered)
        {
            byVersion[package.Version] = (package, fragment(package));
        }

        return byVersion;
    }

    private static DocumentBody Write(OrderedDictionary<string, (Package Package, NpmVersionFragment Fragment)> byVersion, Action<Utf8JsonWriter> properties)
    {
        // Sized for the fragments plus each version's key and time, so the buffer rarely grows while the document is written.
        using var buffer = new PooledBufferWriter((int)Math.Min(Array.MaxLength, 4096 + byVersion.Sum(v => (long)v.Value.Fragment.Json.Length + 96)));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            properties(writer);
            writer.WriteEndObject();
        }

        return DocumentBody.Copy(buffer.WrittenSpan);
    }

    private static void WriteTags(Utf8JsonWriter writer, SortedDictionary<string, string> tags)
    {
        writer.WriteStartObject("dist-tags");
        foreach (var (tag, version) in tags)
        {
            writer.WriteString(tag, version);
        }

        writer.WriteEndObject();
    }

    private static void WriteVersions(Utf8JsonWriter writer, OrderedDictionary<string, (Package Package, NpmVersionFragment Fragment)> byVersion)
    {
        writer.WriteStartObject("versions");
        foreach (var (version, (_, fragment)) in byVersion)
        {
            writer.WritePropertyName(version);
            writer.WriteRawValue(fragment.Json, skipInputValidation: true);
        }

        writer.WriteEndObject();
    }
}
