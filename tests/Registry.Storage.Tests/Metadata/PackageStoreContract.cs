using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Storage.Relational;

namespace Registry.Storage.Tests.Metadata;

/// <summary>The contract every metadata database meets; run once per provider by the concrete subclasses.</summary>
public abstract class PackageStoreContract : IAsyncLifetime
{
    private TestDatabase _db = null!;

    private RelationalPackageStore Store => _db.Store;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(Provider);

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public async Task A_first_file_creates_the_package()
    {
        var result = await Store.TryAddFileAsync(Files.New(name: "My.Pkg", metadata: "{\"a\":1}"), default);

        result.Outcome.Should().Be(AddFileOutcome.Added);
        result.Package.Name.Should().Be("My.Pkg");
        result.Package.Type.Should().Be("generic");
        result.Package.Metadata.Should().Be("{\"a\":1}");
        result.Package.CreatedAt.Should().Be(TestDatabase.Start);
        result.File!.Sha256.Should().Be(Files.Blob("content").Sha256);
        (await Store.ListFilesAsync(result.Package.Id, default)).Should().ContainSingle().Which.Should().Be(result.File);
        (await Store.FindPackageOrNullAsync(Files.New(name: "My.Pkg").Coordinate, default)).Should().Be(result.Package);
    }

    [ContractFact]
    public async Task Allow_adds_the_same_file_name_again_and_the_newest_wins()
    {
        await Store.TryAddFileAsync(Files.New(content: "old"), default);
        var second = await Store.TryAddFileAsync(Files.New(content: "new", at: TestDatabase.Start.AddMinutes(1)), default);

        second.Outcome.Should().Be(AddFileOutcome.Added);
        (await Store.ListFilesAsync(second.Package.Id, default)).Should().HaveCount(2);
        var newest = await Store.FindNewestFileOrNullAsync(second.Package.Id, "pkg-1.0.0.tgz", default);
        newest!.Sha256.Should().Be(Files.Blob("new").Sha256);
        second.Package.UpdatedAt.Should().Be(TestDatabase.Start.AddMinutes(1));
    }

    [ContractFact]
    public async Task RejectSameFileName_refuses_a_name_the_package_has_and_takes_another()
    {
        await Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectSameFileName), default);

        var same = await Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectSameFileName, content: "other"), default);
        var other = await Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectSameFileName, fileName: "pkg.pom"), default);

        same.Outcome.Should().Be(AddFileOutcome.Duplicate);
        same.File.Should().BeNull();
        other.Outcome.Should().Be(AddFileOutcome.Added);
        (await Store.ListFilesAsync(other.Package.Id, default)).Select(f => f.FileName).Should().Equal("pkg-1.0.0.tgz", "pkg.pom");
    }

    [ContractFact]
    public async Task RejectSameFileName_takes_the_name_again_once_the_old_file_is_deleted()
    {
        var first = await Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectSameFileName), default);
        (await Store.MarkFilePendingDestructionAsync(first.Package.Id, first.File!.Id, default)).Should().BeTrue();

        var again = await Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectSameFileName), default);

        again.Outcome.Should().Be(AddFileOutcome.Added);
        (await Store.ListFilesAsync(first.Package.Id, default)).Should().ContainSingle().Which.Id.Should().Be(again.File!.Id);
    }

    [ContractFact]
    public async Task RejectExistingPackage_refuses_any_file_and_writes_nothing()
    {
        var first = await Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectExistingPackage, metadata: "{\"v\":1}"), default);

        var second = await Store.TryAddFileAsync(
            Files.New(duplicates: DuplicateRule.RejectExistingPackage, fileName: "other.tgz", metadata: "{\"v\":2}", status: PackageStatus.Hidden),
            default);

        second.Outcome.Should().Be(AddFileOutcome.Duplicate);
        second.Package.Should().Be(first.Package);
        second.File.Should().BeNull();
        (await Store.ListFilesAsync(first.Package.Id, default)).Should().ContainSingle();
        (await Store.FindPackageByIdOrNullAsync(1, first.Package.Id, default))!.Metadata.Should().Be("{\"v\":1}");
    }

    [ContractFact]
    public async Task Concurrent_publishes_of_one_coordinate_have_exactly_one_winner()
    {
        await using var db = await TestDatabase.CreateAsync(Provider, sharedByConnections: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            db.Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectExistingPackage, content: "c" + i), default))));

        results.Count(r => r.Outcome == AddFileOutcome.Added).Should().Be(1);
        results.Count(r => r.Outcome == AddFileOutcome.Duplicate).Should().Be(19);
        results.Select(r => r.Package.Id).Distinct().Should().ContainSingle();
        (await db.Store.ListFilesAsync(results[0].Package.Id, default)).Should().ContainSingle();
    }

    [ContractFact]
    public async Task A_version_pending_destruction_can_be_published_again()
    {
        var first = await Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectExistingPackage), default);
        (await Store.MarkPackagePendingDestructionAsync(1, first.Package.Id, default)).Should().BeTrue();
        (await Store.FindPackageOrNullAsync(Files.New().Coordinate, default)).Should().BeNull();

        var again = await Store.TryAddFileAsync(Files.New(duplicates: DuplicateRule.RejectExistingPackage, content: "v2"), default);

        again.Outcome.Should().Be(AddFileOutcome.Added);
        again.Package.Id.Should().NotBe(first.Package.Id);
        (await Store.FindPackageOrNullAsync(Files.New().Coordinate, default))!.Id.Should().Be(again.Package.Id);
        (await Store.FindPackageByIdOrNullAsync(1, first.Package.Id, default)).Should().BeNull();
        (await Store.MarkPackagePendingDestructionAsync(1, first.Package.Id, default)).Should().BeFalse();
    }

    [ContractFact]
    public async Task A_later_file_updates_status_and_metadata_but_null_metadata_keeps_it()
    {
        await Store.TryAddFileAsync(Files.New(metadata: "{\"m\":1}", status: PackageStatus.Hidden), default);
        var second = await Store.TryAddFileAsync(Files.New(fileName: "b", metadata: null, status: PackageStatus.Default), default);

        second.Package.Status.Should().Be(PackageStatus.Default);
        second.Package.Metadata.Should().Be("{\"m\":1}");
    }

    [ContractFact]
    public async Task Build_infos_keep_the_newest_five()
    {
        long packageId = 0;
        for (var i = 1; i <= 7; i++)
        {
            var at = TestDatabase.Start.AddMinutes(i);
            var build = new BuildInfo { PipelineId = i, Ref = "main", CommitSha = "sha" + i, UserId = 9, CreatedAt = at };
            packageId = (await Store.TryAddFileAsync(Files.New(fileName: "f" + i, at: at, build: build), default)).Package.Id;
        }

        var infos = await Store.ListBuildInfosAsync(packageId, default);

        infos.Select(b => b.PipelineId).Should().Equal(7L, 6L, 5L, 4L, 3L);
        infos[0].Should().Be(new BuildInfo { PipelineId = 7, Ref = "main", CommitSha = "sha7", UserId = 9, CreatedAt = TestDatabase.Start.AddMinutes(7) });
    }

    [ContractFact]
    public async Task Purge_returns_only_keys_no_remaining_row_refers_to()
    {
        var a = await Store.TryAddFileAsync(Files.New(name: "a", content: "shared"), default);
        var b = await Store.TryAddFileAsync(Files.New(name: "b", content: "shared"), default);
        var c = await Store.TryAddFileAsync(Files.New(name: "c", content: "own"), default);
        var shared = Files.Blob("shared").Sha256;
        var own = Files.Blob("own").Sha256;

        await Store.MarkPackagePendingDestructionAsync(1, a.Package.Id, default);
        await Store.MarkFilePendingDestructionAsync(c.Package.Id, c.File!.Id, default);
        (await Store.PurgePendingDestructionAsync(default)).Should().Equal(own);
        (await Store.IsBlobReferencedAsync(shared, default)).Should().BeTrue();
        (await Store.IsBlobReferencedAsync(own, default)).Should().BeFalse();
        (await Store.FindPackageByIdOrNullAsync(1, c.Package.Id, default)).Should().NotBeNull("deleting a file keeps its package");

        await Store.MarkPackagePendingDestructionAsync(1, b.Package.Id, default);
        (await Store.PurgePendingDestructionAsync(default)).Should().Equal(shared);
        (await Store.IsBlobReferencedAsync(shared, default)).Should().BeFalse();
        (await Store.PurgePendingDestructionAsync(default)).Should().BeEmpty();
    }

    [ContractFact]
    public async Task A_blob_stays_referenced_until_the_purge_removes_its_rows()
    {
        var a = await Store.TryAddFileAsync(Files.New(content: "x"), default);
        await Store.MarkPackagePendingDestructionAsync(1, a.Package.Id, default);

        (await Store.IsBlobReferencedAsync(Files.Blob("x").Sha256, default)).Should().BeTrue();
        (await Store.ListFilesAsync(a.Package.Id, default)).Should().BeEmpty();
    }

    [ContractFact]
    public async Task A_download_recorded_within_the_interval_by_another_host_is_not_written_again()
    {
        var added = await Store.TryAddFileAsync(Files.New(), default);
        var first = TestDatabase.Start.AddHours(1);
        var interval = TimeSpan.FromMinutes(1);

        await Store.RecordDownloadsAsync(Downloads((added.Package.Id, first)), interval, default);
        await Store.RecordDownloadsAsync(Downloads((added.Package.Id, first.AddSeconds(59))), interval, default);
        (await LastDownloadedAtAsync()).Should().Be(first, "a second host's record within the interval writes nothing");

        await Store.RecordDownloadsAsync(Downloads((added.Package.Id, first.AddSeconds(60))), interval, default);
        (await LastDownloadedAtAsync()).Should().Be(first.AddSeconds(60));

        async Task<DateTimeOffset?> LastDownloadedAtAsync() =>
            (await Store.ListLastDownloadsAsync([added.Package.Id], default)).TryGetValue(added.Package.Id, out var at) ? at : null;
    }

    [ContractFact]
    public async Task Downloads_of_many_packages_are_recorded_at_once_skipping_packages_that_are_gone()
    {
        // More packages than one statement takes, so the flush's chunks share its transaction.
        var ids = new List<long>();
        for (var i = 0; i < 520; i++)
        {
            ids.Add((await Store.TryAddFileAsync(Files.New(name: "pkg" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)), default)).Package.Id);
        }

        var at = TestDatabase.Start.AddHours(1);
        var downloads = ids.ToDictionary(id => id, id => at.AddMilliseconds(id));
        downloads[ids.Max() + 1000] = at;

        await Store.RecordDownloadsAsync(downloads, TimeSpan.FromMinutes(1), default);

        var recorded = await Store.ListLastDownloadsAsync([.. downloads.Keys], default);
        recorded.Should().HaveCount(520).And.NotContainKey(ids.Max() + 1000);
        recorded[ids[0]].Should().Be(at.AddMilliseconds(ids[0]));
        recorded[ids[^1]].Should().Be(at.AddMilliseconds(ids[^1]));
    }

    [ContractFact]
    public async Task The_purge_removes_a_package_s_download_time_with_it()
    {
        var added = await Store.TryAddFileAsync(Files.New(), default);
        await Store.RecordDownloadsAsync(Downloads((added.Package.Id, TestDatabase.Start)), TimeSpan.FromMinutes(1), default);
        await Store.MarkPackagePendingDestructionAsync(1, added.Package.Id, default);

        await Store.PurgePendingDestructionAsync(default);

        (await Store.ListLastDownloadsAsync([added.Package.Id], default)).Should().BeEmpty();
    }

    private static Dictionary<long, DateTimeOffset> Downloads(params (long Id, DateTimeOffset At)[] downloads) =>
        downloads.ToDictionary(d => d.Id, d => d.At);

    [ContractFact]
    public async Task Tag_deprecation_and_download_are_recorded()
    {
        var file = Files.New(metadata: "{\"name\":\"pkg\"}");
        var added = await Store.TryAddFileAsync(file, default);
        var later = TestDatabase.Start.AddHours(1);

        (await Store.MoveTagsAsync(file.Coordinate, ["latest", "beta"], later, default)).Found.Should().BeTrue();
        (await Store.SetDeprecationAsync(1, TestTypes.Generic, "pkg", new Dictionary<string, string?> { ["1.0.0"] = "use 2" }, later, default)).Found.Should().BeTrue();
        await Store.RecordDownloadsAsync(Downloads((added.Package.Id, later.AddHours(1))), TimeSpan.FromMinutes(1), default);

        var package = await Store.FindPackageByIdOrNullAsync(1, added.Package.Id, default) ?? throw new InvalidOperationException("the package is gone");
        package.Status.Should().Be(PackageStatus.Deprecated);
        package.Tags.Should().BeEquivalentTo("latest", "beta");
        package.Metadata.Should().Contain("use 2");
        package.UpdatedAt.Should().Be(later);
        package.LastDownloadedAt.Should().BeNull("a loaded package does not carry the time, which changes outside the revision");
        (await Store.ListLastDownloadsAsync([added.Package.Id], default)).Should().Equal(new Dictionary<long, DateTimeOffset> { [added.Package.Id] = later.AddHours(1) });
        (await Store.MoveTagsAsync(PackageCoordinate.Create(1, TestTypes.Generic, "pkg", "9.9.9"), ["latest"], later, default)).Found.Should().BeFalse();
    }

    [ContractFact]
    public async Task Versions_list_oldest_first_per_type_and_normalized_name()
    {
        await Store.TryAddFileAsync(Files.New(name: "My_Pkg", version: "2.0", type: TestTypes.PyPI, at: TestDatabase.Start.AddMinutes(2)), default);
        await Store.TryAddFileAsync(Files.New(name: "my-pkg", version: "1.0", type: TestTypes.PyPI, at: TestDatabase.Start.AddMinutes(1)), default);
        await Store.TryAddFileAsync(Files.New(name: "my-pkg", version: "1.0", type: TestTypes.Generic), default);

        var versions = await Store.ListVersionsAsync(1, TestTypes.PyPI, "my-pkg", default);

        versions.Select(v => v.Version).Should().Equal("1.0", "2.0");
        versions.Select(v => v.Name).Should().Equal("my-pkg", "My_Pkg");
    }

    [ContractFact]
    public async Task Projects_holding_a_name_come_once_each_oldest_package_first_and_skip_deleted_ones()
    {
        // Project 5 holds many versions but counts once; project 2's package is older than project 1's.
        await Store.TryAddFileAsync(Files.New(name: "com/example/lib", version: "1.0", type: TestTypes.Maven, projectId: 1, at: TestDatabase.Start.AddMinutes(3)), default);
        await Store.TryAddFileAsync(Files.New(name: "com/example/lib", version: "1.0", type: TestTypes.Maven, projectId: 2, at: TestDatabase.Start.AddMinutes(1)), default);
        var gone = await Store.TryAddFileAsync(Files.New(name: "com/example/lib", version: "2.0", type: TestTypes.Maven, projectId: 3), default);
        await Store.TryAddFileAsync(Files.New(name: "com/example/lib", version: "1.0", type: TestTypes.Generic, projectId: 4), default);
        for (var i = 0; i < 5; i++)
        {
            await Store.TryAddFileAsync(Files.New(name: "com/example/lib", version: $"3.{i}", type: TestTypes.Maven, projectId: 5, at: TestDatabase.Start.AddMinutes(2)), default);
        }

        (await Store.MarkPackagePendingDestructionAsync(3, gone.Package.Id, default)).Should().BeTrue();

        (await Store.ListProjectsHoldingAsync(TestTypes.Maven, "com/example/lib", null, 10, default)).Should().Equal(2, 5, 1);
        (await Store.ListProjectsHoldingAsync(TestTypes.Maven, "com/example/lib", null, 2, default)).Should().Equal(2, 5);
        (await Store.ListProjectsHoldingAsync(TestTypes.Maven, "com/example/lib", "1.0", 10, default)).Should().Equal(2, 1);
        (await Store.ListProjectsHoldingAsync(TestTypes.Maven, "com/example/lib", "2.0", 10, default)).Should().BeEmpty();
    }
}
