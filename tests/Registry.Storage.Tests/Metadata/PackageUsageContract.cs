using Registry.Core.Storage;
using Registry.Core.Usage;
using Registry.Storage.Relational;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// Storage usage and quotas in the metadata database: the aggregate per format with deduplicated bytes, leaving out
/// what is pending destruction; the groups' quota overrides; and the quota check inside the transaction that records
/// a file, which rolls back and, under concurrent publishes, lets exactly as many in as the limit allows. Run once per
/// provider by the concrete subclasses.
/// </summary>
public abstract class PackageUsageContract : IAsyncLifetime
{
    private TestDatabase _db = null!;

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    private RelationalPackageStore Store => _db.Store;

    private RelationalPackageUsageStore Usage => new(_db.Database);

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(Provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public async Task Usage_adds_up_live_files_per_format_and_counts_each_distinct_content_once()
    {
        await Store.TryAddFileAsync(Files.New(name: "a", content: "shared-bytes"), default);
        await Store.TryAddFileAsync(Files.New(name: "a", fileName: "other.bin", content: "shared-bytes"), default);
        await Store.TryAddFileAsync(Files.New(name: "b", content: "0123456789", type: TestTypes.Npm), default);
        await Store.TryAddFileAsync(Files.New(name: "c", content: "shared-bytes", projectId: 2, type: TestTypes.Npm), default);
        await Store.TryAddFileAsync(Files.New(name: "elsewhere", content: "not counted at all", projectId: 3), default);

        var usage = await Usage.GetUsageAsync([1, 2], default);

        usage.Formats.Should().Equal(
            new FormatUsage("generic", Packages: 1, Files: 2, Bytes: 24),
            new FormatUsage("npm", Packages: 2, Files: 2, Bytes: 22));
        usage.Packages.Should().Be(3);
        usage.Files.Should().Be(4);
        usage.Bytes.Should().Be(46);
        usage.DeduplicatedBytes.Should().Be(22, "\"shared-bytes\" (12) is stored once, \"0123456789\" (10) once");
        (await Usage.GetUsageAsync([2], default)).Bytes.Should().Be(12);
        (await Usage.GetUsageAsync([], default)).Should().Be(PackageUsage.Empty);
        (await Usage.GetUsageAsync([42], default)).Should().BeEquivalentTo(PackageUsage.Empty);
    }

    [ContractFact]
    public async Task Usage_leaves_out_packages_and_files_pending_destruction_and_counts_packages_without_files()
    {
        var kept = await Store.TryAddFileAsync(Files.New(name: "kept", content: "12345"), default);
        var extra = await Store.TryAddFileAsync(Files.New(name: "kept", fileName: "extra", content: "123"), default);
        var gone = await Store.TryAddFileAsync(Files.New(name: "gone", content: "1234567"), default);
        await Store.MarkFilePendingDestructionAsync(kept.Package.Id, extra.File!.Id, default);
        await Store.MarkPackagePendingDestructionAsync(1, gone.Package.Id, default);

        var usage = await Usage.GetUsageAsync([1], default);

        usage.Should().BeEquivalentTo(new PackageUsage([new FormatUsage("generic", 1, 1, 5)], 1, 1, 5, 5));

        await Store.MarkFilePendingDestructionAsync(kept.Package.Id, kept.File!.Id, default);
        (await Usage.GetUsageAsync([1], default)).Should().BeEquivalentTo(new PackageUsage([new FormatUsage("generic", 1, 0, 0)], 1, 0, 0, 0));
    }

    [ContractFact]
    public async Task A_quota_override_is_stored_replaced_and_removed_per_group()
    {
        (await Usage.FindQuotaOverrideOrNullAsync(7, default)).Should().BeNull();

        await Usage.SetQuotaOverrideAsync(7, new GroupQuota(1000, null), default);
        await Usage.SetQuotaOverrideAsync(8, new GroupQuota(null, 5), default);
        (await Usage.FindQuotaOverrideOrNullAsync(7, default)).Should().Be(new GroupQuota(1000, null));

        await Usage.SetQuotaOverrideAsync(7, new GroupQuota(null, null), default);
        (await Usage.FindQuotaOverrideOrNullAsync(7, default)).Should().Be(GroupQuota.Unlimited);

        await Usage.SetQuotaOverrideAsync(7, null, default);
        (await Usage.FindQuotaOverrideOrNullAsync(7, default)).Should().BeNull();
        (await Usage.FindQuotaOverrideOrNullAsync(8, default)).Should().Be(new GroupQuota(null, 5));
    }

    [ContractFact]
    public async Task A_file_over_the_byte_quota_is_refused_and_nothing_is_recorded()
    {
        var quota = new PublishQuota(1, [1, 2], new GroupQuota(MaxBytes: 10, MaxPackages: null));
        (await Store.TryAddFileAsync(Files.New(name: "a", content: "123456") with { Quota = quota }, default)).Outcome.Should().Be(AddFileOutcome.Added);

        var over = () => Store.TryAddFileAsync(Files.New(name: "b", content: "12345", projectId: 2) with { Quota = quota }, default);

        (await over.Should().ThrowAsync<PackageQuotaExceededException>()).Which.Message.Should().StartWith(PackageQuotaExceededException.Prefix);
        (await Store.FindPackageOrNullAsync(Files.New(name: "b", projectId: 2).Coordinate, default)).Should().BeNull("the package row rolls back with the file");
        (await Store.TryAddFileAsync(Files.New(name: "b", content: "1234", projectId: 2) with { Quota = quota }, default)).Outcome.Should().Be(AddFileOutcome.Added, "exactly at the limit is allowed");
        (await Usage.GetUsageAsync([1, 2], default)).Bytes.Should().Be(10);
    }

    [ContractFact]
    public async Task The_package_quota_refuses_a_new_version_but_not_a_file_of_an_existing_one()
    {
        var quota = new PublishQuota(1, [1], new GroupQuota(MaxBytes: null, MaxPackages: 1));
        await Store.TryAddFileAsync(Files.New(name: "a") with { Quota = quota }, default);

        (await Store.TryAddFileAsync(Files.New(name: "a", fileName: "second") with { Quota = quota }, default)).Outcome.Should().Be(AddFileOutcome.Added);
        var another = () => Store.TryAddFileAsync(Files.New(name: "a", version: "2.0.0") with { Quota = quota }, default);
        await another.Should().ThrowAsync<PackageQuotaExceededException>();
        (await Usage.GetUsageAsync([1], default)).Packages.Should().Be(1);
    }

    [ContractFact]
    public async Task Concurrent_publishes_into_one_group_cannot_all_slip_under_the_limit()
    {
        var quota = new PublishQuota(1, [1, 2], new GroupQuota(MaxBytes: null, MaxPackages: 3));
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await Store.TryAddFileAsync(Files.New(name: $"p{i}", content: $"c{i}", projectId: 1 + (i % 2)) with { Quota = quota }, default);
                return true;
            }
            catch (PackageQuotaExceededException)
            {
                return false;
            }
        }));

        var outcomes = await Task.WhenAll(attempts);

        outcomes.Count(static added => added).Should().Be(3);
        (await Usage.GetUsageAsync([1, 2], default)).Packages.Should().Be(3);
    }
}
