using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Core.Updating;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// The transactional update methods of the store (tags, listing, deprecation): their rules, that each change moves
/// the versions fingerprint and the database revision, and that concurrent changes end as some serial order would.
/// Run once per provider by the concrete subclasses; the concurrent ones on a SQLite file, as hosts use it.
/// </summary>
public abstract class PackageUpdateContract : IAsyncLifetime
{
    private const int Concurrency = 50;
    private static readonly DateTimeOffset Later = TestDatabase.Start.AddMinutes(5);
    private TestDatabase _db = null!;

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(Provider, sharedByConnections: true);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public async Task Moving_tags_puts_each_on_exactly_the_target_version()
    {
        await PublishAsync(_db, "1.0.0", "2.0.0", "3.0.0");
        await _db.Store.MoveTagsAsync(Version("1.0.0"), ["latest", "beta"], TestDatabase.Start, default);

        var result = await _db.Store.MoveTagsAsync(Version("2.0.0"), ["latest"], Later, default);

        result.Outcome.Should().Be(PackageUpdateOutcome.Updated);
        result.Changed.Select(p => (p.Version, string.Join(',', p.Tags), p.UpdatedAt)).Should().BeEquivalentTo(new[]
        {
            ("1.0.0", "beta", Later),
            ("2.0.0", "latest", Later),
        });
        (await TagsAsync(_db)).Should().Equal(("1.0.0", "beta"), ("2.0.0", "latest"), ("3.0.0", ""));
    }

    [ContractFact]
    public async Task Moving_tags_already_in_place_writes_nothing_and_a_missing_version_is_not_found()
    {
        await PublishAsync(_db, "1.0.0");
        await _db.Store.MoveTagsAsync(Version("1.0.0"), ["latest"], TestDatabase.Start, default);
        var fingerprint = await FingerprintAsync(_db);

        (await _db.Store.MoveTagsAsync(Version("1.0.0"), ["latest"], Later, default)).Should().Be(PackageUpdateResult.Unchanged);
        (await _db.Store.MoveTagsAsync(Version("9.9.9"), ["latest"], Later, default)).Outcome.Should().Be(PackageUpdateOutcome.NotFound);

        (await FingerprintAsync(_db)).Should().Be(fingerprint);
        (await TagsAsync(_db)).Should().Equal(("1.0.0", "latest"));
    }

    [ContractFact]
    public async Task Removing_a_tag_takes_it_off_its_version_and_an_unknown_tag_is_not_found()
    {
        await PublishAsync(_db, "1.0.0", "2.0.0");
        await _db.Store.MoveTagsAsync(Version("2.0.0"), ["next", "latest"], TestDatabase.Start, default);

        var removed = await _db.Store.RemoveTagAsync(1, TestTypes.Npm, "pkg", "next", Later, default);
        var missing = await _db.Store.RemoveTagAsync(1, TestTypes.Npm, "pkg", "next", Later, default);

        removed.Outcome.Should().Be(PackageUpdateOutcome.Updated);
        removed.Changed.Should().ContainSingle().Which.Tags.Should().Equal("latest");
        missing.Outcome.Should().Be(PackageUpdateOutcome.NotFound);
        (await TagsAsync(_db)).Should().Equal(("1.0.0", ""), ("2.0.0", "latest"));
    }

    [ContractFact]
    public async Task Unlisting_and_relisting_change_only_the_status()
    {
        await PublishAsync(_db, "1.0.0");
        var before = await FindAsync(_db, "1.0.0");

        var unlisted = await _db.Store.SetListedAsync(Version("1.0.0"), listed: false, Later, default);
        var again = await _db.Store.SetListedAsync(Version("1.0.0"), listed: false, Later, default);

        unlisted.Changed.Should().ContainSingle().Which.Should().Be(before with { Status = PackageStatus.Hidden, UpdatedAt = Later });
        again.Should().Be(PackageUpdateResult.Unchanged);
        (await FindAsync(_db, "1.0.0")).Status.Should().Be(PackageStatus.Hidden);

        (await _db.Store.SetListedAsync(Version("1.0.0"), listed: true, Later, default)).Outcome.Should().Be(PackageUpdateOutcome.Updated);
        (await FindAsync(_db, "1.0.0")).Should().Be(before with { UpdatedAt = Later });
        (await _db.Store.SetListedAsync(Version("2.0.0"), listed: true, Later, default)).Outcome.Should().Be(PackageUpdateOutcome.NotFound);
    }

    [ContractFact]
    public async Task Listing_leaves_a_failed_or_deprecated_version_as_it_is()
    {
        await _db.Store.TryAddFileAsync(Files.New(version: "1.0.0", type: TestTypes.Npm, status: PackageStatus.Error), default);

        var relisted = await _db.Store.SetListedAsync(Version("1.0.0"), listed: true, Later, default);

        relisted.Should().Be(PackageUpdateResult.Unchanged);
        (await FindAsync(_db, "1.0.0")).Status.Should().Be(PackageStatus.Error);
    }

    [ContractFact]
    public async Task Deprecation_sets_status_and_message_together_and_an_empty_message_clears_both()
    {
        await PublishAsync(_db, "1.0.0", "2.0.0");

        var deprecated = await _db.Store.SetDeprecationAsync(1, TestTypes.Npm, "pkg", new Dictionary<string, string?> { ["1.0.0"] = "use 2" }, Later, default);

        deprecated.Outcome.Should().Be(PackageUpdateOutcome.Updated);
        var old = await FindAsync(_db, "1.0.0");
        old.Status.Should().Be(PackageStatus.Deprecated);
        old.Metadata.Should().Be("{\"name\":\"pkg\",\"version\":\"1.0.0\",\"deprecated\":\"use 2\"}");
        (await FindAsync(_db, "2.0.0")).Status.Should().Be(PackageStatus.Default);

        var cleared = await _db.Store.SetDeprecationAsync(1, TestTypes.Npm, "pkg", new Dictionary<string, string?> { ["1.0.0"] = "", ["2.0.0"] = null }, Later, default);

        cleared.Changed.Should().ContainSingle().Which.Version.Should().Be("1.0.0");
        (await FindAsync(_db, "1.0.0")).Should().Match<Package>(p => p.Status == PackageStatus.Default && p.Metadata == Manifest("1.0.0"));
        (await _db.Store.SetDeprecationAsync(1, TestTypes.Npm, "pkg", new Dictionary<string, string?> { ["3.0.0"] = "x" }, Later, default))
            .Outcome.Should().Be(PackageUpdateOutcome.NotFound);
    }

    [ContractFact]
    public async Task Every_update_moves_the_versions_fingerprint_and_the_revision()
    {
        await PublishAsync(_db, "1.0.0", "2.0.0");
        var updates = new (string Name, Func<Task<PackageUpdateResult>> Update)[]
        {
            ("move", () => _db.Store.MoveTagsAsync(Version("1.0.0"), ["latest"], Later, default)),
            ("move away", () => _db.Store.MoveTagsAsync(Version("2.0.0"), ["latest"], Later, default)),
            ("remove", () => _db.Store.RemoveTagAsync(1, TestTypes.Npm, "pkg", "latest", Later, default)),
            ("unlist", () => _db.Store.SetListedAsync(Version("1.0.0"), false, Later, default)),
            ("relist", () => _db.Store.SetListedAsync(Version("1.0.0"), true, Later, default)),
            ("deprecate", () => _db.Store.SetDeprecationAsync(1, TestTypes.Npm, "pkg", new Dictionary<string, string?> { ["2.0.0"] = "old" }, Later, default)),
            ("undeprecate", () => _db.Store.SetDeprecationAsync(1, TestTypes.Npm, "pkg", new Dictionary<string, string?> { ["2.0.0"] = null }, Later, default)),
        };

        foreach (var (name, update) in updates)
        {
            var fingerprint = await FingerprintAsync(_db);
            var revision = await _db.RevisionAsync(Relational.RevisionScope.Project(1));

            (await update()).Outcome.Should().Be(PackageUpdateOutcome.Updated, name);

            (await FingerprintAsync(_db)).Should().NotBe(fingerprint, name);
            (await _db.RevisionAsync(Relational.RevisionScope.Project(1))).Should().NotBe(revision, name);
        }
    }

    [ContractFact]
    public async Task Concurrent_moves_of_one_tag_to_different_versions_leave_it_on_exactly_one()
    {
        var versions = Enumerable.Range(1, Concurrency).Select(i => $"1.0.{i}").ToArray();
        await PublishAsync(_db, versions);

        var results = await Task.WhenAll(versions.Select(v => Task.Run(() => _db.Store.MoveTagsAsync(Version(v), ["latest"], Later, default))));

        results.Should().OnlyContain(r => r.Outcome == PackageUpdateOutcome.Updated);
        var holders = (await _db.Store.ListVersionsAsync(1, TestTypes.Npm, "pkg", default)).Where(p => p.Tags.Contains("latest")).ToList();
        holders.Should().ContainSingle();

        // The packages API pages through QueryAsync: it must agree with the versions list the packument is built from.
        var page = await _db.Store.QueryAsync(new PackageQuery { ProjectIds = [1], PerPage = 100 }, default);
        page.Items.Where(p => p.Tags.Contains("latest")).Should().ContainSingle().Which.Id.Should().Be(holders[0].Id);
    }

    [ContractFact]
    public async Task Concurrent_unlists_and_relists_alternate_as_a_serial_order_would()
    {
        await PublishAsync(_db, "1.0.0");

        var results = await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(i => Task.Run(async () =>
            (Listed: i % 2 == 1, Result: await _db.Store.SetListedAsync(Version("1.0.0"), listed: i % 2 == 1, Later, default)))));

        // Starting listed, each change that took effect flipped the status: unlists lead relists by one exactly when it ends hidden.
        var unlists = results.Count(r => !r.Listed && r.Result.Outcome == PackageUpdateOutcome.Updated);
        var relists = results.Count(r => r.Listed && r.Result.Outcome == PackageUpdateOutcome.Updated);
        results.Should().OnlyContain(r => r.Result.Found);
        var status = (await FindAsync(_db, "1.0.0")).Status;
        status.Should().BeOneOf(PackageStatus.Default, PackageStatus.Hidden);
        (unlists - relists).Should().Be(status == PackageStatus.Hidden ? 1 : 0);
    }

    [ContractFact]
    public async Task Concurrent_tag_moves_and_deprecations_lose_neither()
    {
        var versions = Enumerable.Range(1, 10).Select(i => $"2.0.{i}").ToArray();
        await PublishAsync(_db, versions);

        await Task.WhenAll(versions.SelectMany(v => new[]
        {
            Task.Run(() => _db.Store.MoveTagsAsync(Version(v), ["tag-" + v], Later, default)),
            Task.Run(() => _db.Store.SetDeprecationAsync(1, TestTypes.Npm, "pkg", new Dictionary<string, string?> { [v] = "old " + v }, Later, default)),
        }));

        var stored = await _db.Store.ListVersionsAsync(1, TestTypes.Npm, "pkg", default);
        stored.Should().OnlyContain(p => p.Tags.SequenceEqual(new[] { "tag-" + p.Version }) && p.Status == PackageStatus.Deprecated
            && (p.Metadata ?? string.Empty).Contains("\"deprecated\":\"old " + p.Version + "\"", StringComparison.Ordinal));
    }

    [ContractFact]
    public async Task A_metadata_change_keeps_status_and_tags_and_a_missing_version_is_not_found()
    {
        await PublishAsync(_db, "1.0.0");
        await _db.Store.MoveTagsAsync(Version("1.0.0"), ["latest"], TestDatabase.Start, default);
        await _db.Store.SetListedAsync(Version("1.0.0"), listed: false, TestDatabase.Start, default);

        var changed = await _db.Store.UpdateMetadataAsync(Version("1.0.0"), m => m + " ", Later, default);
        var same = await _db.Store.UpdateMetadataAsync(Version("1.0.0"), m => m, Later, default);

        changed.Changed.Should().ContainSingle().Which.Should().Match<Package>(p => p.Metadata == Manifest("1.0.0") + " " && p.UpdatedAt == Later);
        same.Should().Be(PackageUpdateResult.Unchanged);
        (await FindAsync(_db, "1.0.0")).Should().Match<Package>(p => p.Status == PackageStatus.Hidden && p.Tags.Count == 1 && p.Tags[0] == "latest");
        (await _db.Store.UpdateMetadataAsync(Version("2.0.0"), m => m, Later, default)).Outcome.Should().Be(PackageUpdateOutcome.NotFound);
    }

    [ContractFact]
    public async Task Concurrent_metadata_changes_and_unlists_lose_nothing()
    {
        await PublishAsync(_db, "1.0.0");

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => i == 10
            ? _db.Store.SetListedAsync(Version("1.0.0"), listed: false, Later, default)
            : _db.Store.UpdateMetadataAsync(Version("1.0.0"), m => m + "|" + i, Later, default))));

        var package = await FindAsync(_db, "1.0.0");
        package.Status.Should().Be(PackageStatus.Hidden);
        (package.Metadata ?? string.Empty).Split('|').Skip(1).Select(int.Parse).Should().BeEquivalentTo(Enumerable.Range(0, 20).Where(i => i != 10));
    }

    [ContractFact]
    public async Task Concurrent_adds_of_one_version_merging_metadata_lose_no_entry()
    {
        // Helm's upload of one chart version to several channels at once: each add merges its channel into the stored
        // list; a merge computed before the transaction (from a read outside it) kept only the last writer's channel.
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => _db.Store.TryAddFileAsync(
            Files.New(version: "1.0.0", fileName: "pkg-1.0.0.tgz", content: "chart " + i, type: TestTypes.Npm) with
            {
                Metadata = "ignored when merging",
                MergeMetadata = stored => (stored ?? "entries") + "|" + i,
            },
            default))));

        results.Should().OnlyContain(r => r.Outcome == AddFileOutcome.Added);
        var package = await FindAsync(_db, "1.0.0");
        var entries = (package.Metadata ?? string.Empty).Split('|');
        entries[0].Should().Be("entries");
        entries.Skip(1).Select(int.Parse).Should().BeEquivalentTo(Enumerable.Range(0, 20));
        (await _db.Store.ListFilesAsync(package.Id, default)).Should().HaveCount(20);
    }

    private static PackageCoordinate Version(string version) => PackageCoordinate.Create(1, TestTypes.Npm, "pkg", version);

    private static string Manifest(string version) => $"{{\"name\":\"pkg\",\"version\":\"{version}\"}}";

    private static async Task PublishAsync(TestDatabase db, params string[] versions)
    {
        foreach (var version in versions)
        {
            await db.Store.TryAddFileAsync(Files.New(version: version, fileName: $"pkg-{version}.tgz", type: TestTypes.Npm, metadata: Manifest(version)), default);
        }
    }

    private static async Task<Package> FindAsync(TestDatabase db, string version) =>
        (await db.Store.FindPackageOrNullAsync(Version(version), default)) ?? throw new InvalidOperationException($"pkg {version} is missing");

    private static Task<string?> FingerprintAsync(TestDatabase db) => db.Store.FindVersionsFingerprintOrNullAsync(1, TestTypes.Npm, "pkg", default);

    private static async Task<IReadOnlyList<(string Version, string Tags)>> TagsAsync(TestDatabase db) =>
        [.. (await db.Store.ListVersionsAsync(1, TestTypes.Npm, "pkg", default)).Select(p => (p.Version, string.Join(',', p.Tags)))];
}
