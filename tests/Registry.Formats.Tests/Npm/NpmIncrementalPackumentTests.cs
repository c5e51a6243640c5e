using System.Text;
using System.Text.Json.Nodes;
using Registry.Core.Packages;
using Registry.Formats.Npm;
using Registry.Formats.Protocol;

namespace Registry.Formats.Tests.Npm;

/// <summary>
/// The packument after a change renders only the changed versions and copies the others' kept bytes
/// (<see cref="DocumentFragmentCache"/>, issue 19): whatever the sequence of publishes, unpublishes, dist-tag moves and
/// deprecations, both documents equal a whole render (<see cref="NpmReferencePackument"/>) byte for byte, and kept bytes
/// never cross base URLs or projects.
/// </summary>
public sealed class NpmIncrementalPackumentTests : IDisposable
{
    private const string Name = "@demo/incremental";
    private const string UrlA = "https://a.example/api/v4/projects/1/packages/npm";
    private const string UrlB = "https://b.example/prefix/api/v4/projects/1/packages/npm";
    private readonly DocumentFragmentCache _fragments = new();

    public void Dispose() => _fragments.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void After_any_sequence_of_changes_both_documents_equal_a_whole_render(int seed)
    {
        var random = new Random(seed);
        var catalog = new SimulatedCatalog(random);
        for (var step = 0; step < 120; step++)
        {
            var operation = catalog.ApplyRandomOperation();
            if (catalog.Versions.Count == 0)
            {
                continue;
            }

            // Now and then the whole document is asked again with nothing changed, or under the other base URL.
            var url = random.Next(5) == 0 ? UrlB : UrlA;
            foreach (var abbreviated in new[] { false, true })
            {
                var scope = Scope(abbreviated, url, projectId: 1);
                var rendered = NpmPackuments.Render(_fragments, scope, abbreviated, Name, catalog.Versions, url).ToArray();
                var expected = abbreviated ? NpmReferencePackument.Abbreviated(Name, catalog.Versions, url) : NpmReferencePackument.Full(Name, catalog.Versions, url);
                Encoding.UTF8.GetString(rendered).Should().Be(Encoding.UTF8.GetString(expected), $"step {step} ({operation}), abbreviated: {abbreviated}");
            }
        }
    }

    [Fact]
    public void A_deleted_version_disappears_from_both_documents()
    {
        var catalog = new SimulatedCatalog(new Random(7));
        var published = Enumerable.Range(0, 3).Select(_ => catalog.Publish()).ToList();
        Render(catalog, abbreviated: false);
        Render(catalog, abbreviated: true);

        catalog.Unpublish(published[1]);

        foreach (var abbreviated in new[] { false, true })
        {
            var document = JsonNode.Parse(Render(catalog, abbreviated))?.AsObject() ?? throw new InvalidOperationException("no document");
            (document["versions"] as JsonObject)?.Select(v => v.Key).Should().Equal(published[0].Version, published[2].Version);
        }
    }

    [Fact]
    public void Kept_bytes_never_cross_base_urls_or_projects()
    {
        var catalog = new SimulatedCatalog(new Random(8));
        catalog.Publish();
        catalog.Publish();

        var a = NpmPackuments.Render(_fragments, Scope(false, UrlA, projectId: 1), false, Name, catalog.Versions, UrlA).ToArray();
        var b = NpmPackuments.Render(_fragments, Scope(false, UrlB, projectId: 1), false, Name, catalog.Versions, UrlB).ToArray();
        b.Should().Equal(NpmReferencePackument.Full(Name, catalog.Versions, UrlB));
        Encoding.UTF8.GetString(b).Should().NotContain("a.example");

        // Another project's rows with the same ids (another database behind another host's cache would be one way): its
        // own metadata, never the first project's.
        var other = catalog.Versions.Select(p => p with { ProjectId = 2, Metadata = p.Metadata?.Replace("\"bob\"", "\"carol\"", StringComparison.Ordinal) }).ToList();
        var c = NpmPackuments.Render(_fragments, Scope(false, UrlA, projectId: 2), false, Name, other, UrlA).ToArray();
        c.Should().Equal(NpmReferencePackument.Full(Name, other, UrlA));
        a.Should().Equal(NpmReferencePackument.Full(Name, catalog.Versions, UrlA));
    }

    [Fact]
    public void A_publish_renders_only_the_new_version()
    {
        var catalog = new SimulatedCatalog(new Random(9));
        for (var i = 0; i < 50; i++)
        {
            catalog.Publish();
        }

        var renders = 0;
        NpmVersionFragment Counted(Package package) => _fragments.GetOrRender("scope", package.Id, NpmVersionStamp.Of(package), () => { renders++; return NpmDocuments.FullFragment(Name, package, UrlA); }, f => f.Size);
        NpmPackuments.Full(Name, catalog.Versions, Counted);
        renders.Should().Be(50);

        catalog.Publish();
        NpmPackuments.Full(Name, catalog.Versions, Counted).ToArray().Should().Equal(NpmReferencePackument.Full(Name, catalog.Versions, UrlA));
        renders.Should().Be(51, "the fifty unchanged versions come from the kept fragments");
    }

    [Fact]
    public void A_row_rewritten_within_the_same_millisecond_is_rendered_again_when_its_size_changed()
    {
        var catalog = new SimulatedCatalog(new Random(10));
        var package = catalog.Publish();
        Render(catalog, abbreviated: false);

        // A deprecation with the change time unchanged: the metadata's size tells the kept fragment is stale, as it tells
        // the catalog's fingerprint that the document is.
        catalog.Replace(package, package with { Metadata = package.Metadata?.Replace("\"version\"", "\"deprecated\":\"use 2\",\"version\"", StringComparison.Ordinal) });

        Render(catalog, abbreviated: false).Should().Contain("\"deprecated\":\"use 2\"");
    }

    [Fact]
    public void A_fragment_over_the_size_limit_is_not_kept_and_rendered_each_time()
    {
        var catalog = new SimulatedCatalog(new Random(11));
        var package = catalog.Publish();
        var renders = 0;
        for (var i = 0; i < 2; i++)
        {
            _fragments.GetOrRender("scope", package.Id, NpmVersionStamp.Of(package), () => { renders++; return NpmDocuments.FullFragment(Name, package, UrlA); }, _ => DocumentFragmentCache.SizeLimitBytes + 1)
                .Json.Should().Equal(NpmDocuments.FullFragment(Name, package, UrlA).Json);
        }

        renders.Should().Be(2);
    }

    private static string Scope(bool abbreviated, string url, long projectId) => $"npm|{(abbreviated ? "abbreviated" : "full")}|{url}|{projectId}|{Name}";

    private string Render(SimulatedCatalog catalog, bool abbreviated)
    {
        var rendered = NpmPackuments.Render(_fragments, Scope(abbreviated, UrlA, 1), abbreviated, Name, catalog.Versions, UrlA).ToArray();
        rendered.Should().Equal(abbreviated ? NpmReferencePackument.Abbreviated(Name, catalog.Versions, UrlA) : NpmReferencePackument.Full(Name, catalog.Versions, UrlA));
        return Encoding.UTF8.GetString(rendered);
    }

    /// <summary>One package's live rows, changed the way Core's use cases change them (new row, deleted row, tags and metadata rewritten with a new change time).</summary>
    private sealed class SimulatedCatalog(Random random)
    {
        private static readonly string[] Publishers = ["alice", "bob", "zoë <script>&'"];
        private static readonly string[] TagNames = ["latest", "beta", "next"];
        private DateTimeOffset _now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
        private long _nextId = 100;
        private int _published;

        public List<Package> Versions { get; } = [];

        public string ApplyRandomOperation()
        {
            // Time moves on by 1-2 ms per operation (the rows one operation changes share a change time): a row changed twice
            // within one millisecond to a metadata of the same size is as invisible here as to the catalog's fingerprint.
            _now = _now.AddMilliseconds(1 + random.Next(2));
            var roll = Versions.Count < 2 ? 0 : random.Next(10);
            switch (roll)
            {
                case 0 or 1 or 2:
                    var package = Publish();
                    if (random.Next(2) == 0)
                    {
                        MoveTag("latest", package);
                    }

                    return "publish " + package.Version;
                case 3:
                    var gone = Pick();
                    Unpublish(gone);
                    return "unpublish " + gone.Version;
                case 4 or 5:
                    var tag = TagNames[random.Next(TagNames.Length)];
                    var target = Pick();
                    MoveTag(tag, target);
                    return $"dist-tag {tag} {target.Version}";
                case 6:
                    var holder = Versions.FirstOrDefault(p => p.Tags.Count > 0);
                    if (holder is null)
                    {
                        return "nothing";
                    }

                    Replace(holder, holder with { Tags = [.. holder.Tags.Skip(1)], UpdatedAt = _now });
                    return "dist-tag rm on " + holder.Version;
                default:
                    var deprecated = Pick();
                    var manifest = deprecated.Metadata is { } m ? JsonNode.Parse(m)?.AsObject() ?? [] : [];
                    if (random.Next(3) == 0)
                    {
                        manifest.Remove("deprecated");
                    }
                    else
                    {
                        // Messages of one length, so only the text tells them apart.
                        manifest["deprecated"] = "use " + random.Next(10);
                    }

                    Replace(deprecated, deprecated with { Metadata = manifest.ToJsonString(), UpdatedAt = _now });
                    return "deprecate " + deprecated.Version;
            }
        }

        public Package Publish()
        {
            _now = _now.AddMilliseconds(1);
            var index = _published++;
            var version = random.Next(4) == 0 ? $"2.0.0-beta.{index}" : $"1.{index}.0";
            var package = new Package
            {
                Id = _nextId++,
                ProjectId = 1,
                Type = "npm",
                Name = Name,
                NormalizedName = Name,
                Version = version,
                NormalizedVersion = version,
                Status = PackageStatus.Default,
                Metadata = random.Next(10) == 0 ? null : Manifest(version),
                CreatedAt = _now,
                UpdatedAt = _now,
            };
            Versions.Add(package);
            return package;
        }

        public void Unpublish(Package package) => Versions.RemoveAll(p => p.Id == package.Id);

        public void Replace(Package old, Package updated) => Versions[Versions.FindIndex(p => p.Id == old.Id)] = updated;

        private Package Pick() => Versions[random.Next(Versions.Count)];

        private void MoveTag(string tag, Package target)
        {
            foreach (var holder in Versions.Where(p => p.Tags.Contains(tag) && p.Id != target.Id).ToList())
            {
                Replace(holder, holder with { Tags = [.. holder.Tags.Where(t => t != tag)], UpdatedAt = _now });
            }

            var current = Versions.First(p => p.Id == target.Id);
            if (!current.Tags.Contains(tag))
            {
                Replace(current, current with { Tags = [.. current.Tags, tag], UpdatedAt = _now });
            }
        }

        private string Manifest(string version)
        {
            var manifest = new JsonObject { ["name"] = Name, ["version"] = version };
            switch (random.Next(4))
            {
                case 0:
                    break;
                case 1:
                    manifest["description"] = null;
                    break;
                default:
                    manifest["description"] = "Ünïcode, \"quotes\" & <tags> " + version;
                    break;
            }

            if (random.Next(2) == 0)
            {
                manifest["readme"] = "# " + version + "\n\nline\twith tab \u2028";
            }

            if (random.Next(3) == 0)
            {
                manifest["scripts"] = new JsonObject { [random.Next(2) == 0 ? "postinstall" : "test"] = "node x.js" };
            }

            manifest["dependencies"] = new JsonObject { ["left-pad"] = "^1." + random.Next(5) };
            manifest[NpmDocuments.PublisherField] = new JsonObject { ["name"] = Publishers[random.Next(Publishers.Length)] };
            manifest["dist"] = new JsonObject { ["shasum"] = new string('a', 40), ["integrity"] = "sha512-" + version };
            return manifest.ToJsonString();
        }
    }
}
