using Registry.Core.Cleanup;
using Registry.Core.Packages;
using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Cleanup;

/// <summary>
/// Each cleanup rule alone and combined, on versions published a day apart (back-dated with a fake clock), for npm,
/// NuGet, PyPI, Maven and generic packages, on SQLite and PostgreSQL, through Core's publisher and cleanup use case.
/// The versions are 1.0.0, 1.1.0, 2.0.0-rc.1 and 2.0.0, four to one days old when the policy runs.
/// </summary>
public sealed class CleanupRulesTests
{
    private static readonly string[] Versions = ["1.0.0", "1.1.0", "2.0.0-rc.1", "2.0.0"];

    public static TheoryData<MetadataProvider, string> ProvidersAndFormats()
    {
        var data = new TheoryData<MetadataProvider, string>();
        foreach (var provider in new[] { MetadataProvider.Sqlite, MetadataProvider.PostgreSql })
        {
            foreach (var format in new[] { "npm", "nuget", "pypi", "maven", "generic" })
            {
                data.Add(provider, format);
            }
        }

        return data;
    }

    public static TheoryData<MetadataProvider> Providers => new() { MetadataProvider.Sqlite, MetadataProvider.PostgreSql };

    [SkippableTheory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task Keep_n_versions_alone_keeps_the_newest_n_of_each_package(MetadataProvider provider, string format)
    {
        var (type, name) = Package(format);
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(type, name, Versions);
        await registry.PublishDailyAsync(type, name + "-small", "1.0.0", "2.0.0");
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNVersions = 2 });

        var report = await registry.RunAsync();

        (await registry.VersionsAsync(type, name)).Should().Equal("2.0.0-rc.1", "2.0.0");
        (await registry.VersionsAsync(type, name + "-small")).Should().Equal("1.0.0", "2.0.0");
        report.Versions.Select(v => v.Package.Version).Should().BeEquivalentTo("1.0.0", "1.1.0");
        report.PackageCount.Should().Be(1);
        report.FileCount.Should().Be(2);
        report.BytesFreed.Should().Be(report.Versions.Sum(v => v.Size)).And.BePositive();
    }

    [SkippableTheory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task Remove_older_than_days_alone_deletes_old_versions_but_never_the_latest(MetadataProvider provider, string format)
    {
        var (type, name) = Package(format);
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(type, name, Versions);
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, RemoveOlderThanDays = 3 });

        (await registry.RunAsync()).Versions.Select(v => v.Package.Version).Should().Equal("1.0.0");
        (await registry.VersionsAsync(type, name)).Should().Equal("1.1.0", "2.0.0-rc.1", "2.0.0");

        registry.Clock.Advance(TimeSpan.FromDays(30));
        await registry.RunAsync();
        (await registry.VersionsAsync(type, name)).Should().Equal("2.0.0");
    }

    [SkippableTheory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task A_remove_pattern_alone_deletes_what_it_matches_and_a_keep_pattern_alone_nothing(MetadataProvider provider, string format)
    {
        var (type, name) = Package(format);
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(type, name, Versions);

        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepVersionPattern = "^1\\." });
        (await registry.RunAsync()).Versions.Should().BeEmpty();

        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, RemoveVersionPattern = "-RC\\.\\d+$" });
        (await registry.RunAsync()).Versions.Select(v => v.Package.Version).Should().Equal("2.0.0-rc.1");
        (await registry.VersionsAsync(type, name)).Should().Equal("1.0.0", "1.1.0", "2.0.0");
    }

    [SkippableTheory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task Combined_rules_delete_only_what_every_remove_rule_selects_and_no_keep_rule_keeps(MetadataProvider provider, string format)
    {
        var (type, name) = Package(format);
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(type, name, Versions);
        await registry.SetPolicyAsync(new CleanupPolicy
        {
            ProjectId = 0,
            KeepNVersions = 1,
            RemoveOlderThanDays = 2,
            KeepVersionPattern = "^1\\.0\\.",
            RemoveVersionPattern = "^[12]\\.",
        });

        var report = await registry.RunAsync();

        // 2.0.0: the newest (kept by keep_n_versions and as latest); 2.0.0-rc.1: two days old, not older than two days;
        // 1.0.0: the keep pattern; 1.1.0: old enough, matches the remove pattern, no keep-rule holds it.
        report.Versions.Select(v => v.Package.Version).Should().Equal("1.1.0");
        (await registry.VersionsAsync(type, name)).Should().Equal("1.0.0", "2.0.0-rc.1", "2.0.0");
    }

    [SkippableTheory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task A_dry_run_deletes_nothing_and_lists_exactly_what_the_run_then_deletes(MetadataProvider provider, string format)
    {
        var (type, name) = Package(format);
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(type, name, Versions);
        await registry.PublishAsync(type, name, "2.0.0", fileName: "extra.bin");
        await registry.PublishAsync(type, name, "2.0.0", fileName: "extra.bin");
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNVersions = 2, KeepNDuplicatedPackageFiles = 1 });

        var dryRun = await registry.RunAsync(dryRun: true);
        (await registry.VersionsAsync(type, name)).Should().Equal(Versions);
        (await registry.FilesAsync(type, name, "2.0.0")).Should().HaveCount(3);

        var run = await registry.RunAsync();

        dryRun.DryRun.Should().BeTrue();
        run.DryRun.Should().BeFalse();
        run.Versions.Select(v => v.Package.Id).Should().Equal(dryRun.Versions.Select(v => v.Package.Id)).And.HaveCount(2);
        run.Files.Select(f => f.File.Id).Should().Equal(dryRun.Files.Select(f => f.File.Id)).And.HaveCount(1);
        (run.BytesFreed, run.FileCount, run.PackageCount).Should().Be((dryRun.BytesFreed, dryRun.FileCount, dryRun.PackageCount));
        (await registry.VersionsAsync(type, name)).Should().Equal("2.0.0-rc.1", "2.0.0");
        (await registry.FilesAsync(type, name, "2.0.0")).Select(f => f.FileName).Should().BeEquivalentTo($"{name}-2.0.0.bin", "extra.bin");
    }

    [SkippableTheory]
    [MemberData(nameof(ProvidersAndFormats))]
    public async Task A_package_protected_from_deletion_is_never_cleaned(MetadataProvider provider, string format)
    {
        var (type, name) = Package(format);
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(type, name, Versions);
        await registry.PublishDailyAsync(type, "other", Versions);
        await registry.ProtectFromDeletionAsync(type, name[..3] + "*");
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNVersions = 1, KeepNDuplicatedPackageFiles = 1 });

        await registry.RunAsync();

        (await registry.VersionsAsync(type, name)).Should().Equal(Versions);
        (await registry.VersionsAsync(type, "other")).Should().Equal("2.0.0");
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task Versions_a_dist_tag_points_to_are_kept(MetadataProvider provider)
    {
        var type = TestTypes.Npm;
        await using var registry = await CleanupHarness.CreateAsync(provider);
        await registry.PublishDailyAsync(type, "@acme/widget", Versions);
        await registry.TagAsync(type, "@acme/widget", "1.1.0", "latest");
        await registry.TagAsync(type, "@acme/widget", "1.0.0", "legacy");
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNVersions = 1, RemoveOlderThanDays = 1 });

        (await registry.RunAsync()).Versions.Select(v => v.Package.Version).Should().Equal("2.0.0-rc.1");
        (await registry.VersionsAsync(type, "@acme/widget")).Should().Equal("1.0.0", "1.1.0", "2.0.0");
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task Keep_n_duplicated_files_keeps_the_newest_uploads_of_each_file_name_in_generic_and_maven(MetadataProvider provider)
    {
        await using var registry = await CleanupHarness.CreateAsync(provider);
        foreach (var (type, name, file) in new[] { (TestTypes.Generic, "tool", "tool.tar.gz"), (TestTypes.Maven, "com/acme/lib", "maven-metadata.xml") })
        {
            for (var upload = 0; upload < 3; upload++)
            {
                await registry.PublishAsync(type, name, "1.0-SNAPSHOT", fileName: file);
                registry.Clock.Advance(TimeSpan.FromMinutes(1));
            }

            await registry.PublishAsync(type, name, "1.0-SNAPSHOT", fileName: "single.txt");
        }

        var generic = await registry.FilesAsync(TestTypes.Generic, "tool", "1.0-SNAPSHOT");
        await registry.SetPolicyAsync(new CleanupPolicy { ProjectId = 0, KeepNDuplicatedPackageFiles = 1 });

        var report = await registry.RunAsync();

        report.Versions.Should().BeEmpty();
        report.Files.Should().HaveCount(4);
        report.BytesFreed.Should().Be(report.Files.Sum(f => f.File.Size));
        var left = await registry.FilesAsync(TestTypes.Generic, "tool", "1.0-SNAPSHOT");
        left.Select(f => f.Id).Should().BeEquivalentTo([generic[2].Id, generic[3].Id]);
        (await registry.FilesAsync(TestTypes.Maven, "com/acme/lib", "1.0-SNAPSHOT")).Select(f => f.FileName).Should().BeEquivalentTo("maven-metadata.xml", "single.txt");
    }

    private static (PackageType Type, string Name) Package(string format) => format switch
    {
        "npm" => (TestTypes.Npm, "@acme/widget"),
        "nuget" => (TestTypes.NuGet, "Acme.Widget"),
        "pypi" => (TestTypes.PyPI, "Acme_Widget"),
        "maven" => (TestTypes.Maven, "com/acme/widget"),
        _ => (TestTypes.Generic, "widget"),
    };
}
