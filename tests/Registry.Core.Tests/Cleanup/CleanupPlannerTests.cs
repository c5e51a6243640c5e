using Registry.Core.Cleanup;
using Registry.Core.Packages;

namespace Registry.Core.Tests.Cleanup;

/// <summary>The planner's pure decisions and the policy's validation, without a database.</summary>
public sealed class CleanupPlannerTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Processing_versions_are_never_deleted_nor_count_as_the_latest()
    {
        var versions = new[] { Version(1, "1.0", 10), Version(2, "2.0", 5), Version(3, "3.0", 1, PackageStatus.Processing) };
        var planner = new CleanupPlanner(new CleanupPolicy { ProjectId = 1, RemoveOlderThanDays = 1 }, Now);

        planner.VersionsToDelete(versions, _ => false).Select(v => v.Version).Should().Equal("1.0");
    }

    [Fact]
    public void Versions_published_at_the_same_moment_are_ordered_by_id()
    {
        var versions = new[] { Version(7, "b", 3), Version(5, "a", 3), Version(9, "c", 3) };
        var planner = new CleanupPlanner(new CleanupPolicy { ProjectId = 1, KeepNVersions = 2 }, Now);

        planner.VersionsToDelete(versions, _ => false).Select(v => v.Id).Should().Equal(5);
    }

    [Fact]
    public void A_keep_pattern_alone_or_no_rule_deletes_nothing()
    {
        var versions = new[] { Version(1, "1.0", 10), Version(2, "2.0", 5) };
        new CleanupPlanner(new CleanupPolicy { ProjectId = 1, KeepVersionPattern = "x" }, Now).VersionsToDelete(versions, _ => false).Should().BeEmpty();
        new CleanupPlanner(CleanupPolicy.Default(1), Now).VersionsToDelete(versions, _ => false).Should().BeEmpty();
        new CleanupPlanner(CleanupPolicy.Default(1), Now).DuplicateFilesToDelete([File(1, "a"), File(2, "a")]).Should().BeEmpty();
    }

    [Fact]
    public void A_pattern_that_would_backtrack_catastrophically_runs_in_linear_time_and_keeps_what_does_not_match()
    {
        var evil = "1" + new string('a', 50_000) + "!";
        var versions = new[] { Version(1, evil, 10), Version(2, "1.0-SNAPSHOT", 9), Version(3, "2.0", 1) };
        var planner = new CleanupPlanner(new CleanupPolicy { ProjectId = 1, RemoveVersionPattern = "^1(a+)+$" }, Now);

        planner.VersionsToDelete(versions, _ => false).Should().BeEmpty();
        new CleanupPlanner(new CleanupPolicy { ProjectId = 1, RemoveVersionPattern = "snapshot" }, Now)
            .VersionsToDelete(versions, _ => false).Select(v => v.Id).Should().Equal(2);
    }

    [Fact]
    public void Protected_versions_are_kept()
    {
        var versions = new[] { Version(1, "1.0", 10), Version(2, "1.1", 9), Version(3, "2.0", 1) };
        var planner = new CleanupPlanner(new CleanupPolicy { ProjectId = 1, KeepNVersions = 1 }, Now);

        planner.VersionsToDelete(versions, v => v.Id == 1).Select(v => v.Id).Should().Equal(2);
    }

    [Fact]
    public void Duplicate_files_keep_the_newest_n_uploads_of_each_name()
    {
        var files = new[] { File(1, "a", 3), File(2, "a", 2), File(3, "b", 2), File(4, "a", 1), File(5, "b", 1) };
        var planner = new CleanupPlanner(new CleanupPolicy { ProjectId = 1, KeepNDuplicatedPackageFiles = 1 }, Now);

        planner.DuplicateFilesToDelete(files).Select(f => f.Id).Should().Equal(1, 2, 3);
    }

    [Theory]
    [InlineData(null, null, null, null, 0)]
    [InlineData(0, null, null, null, 1)]
    [InlineData(null, 1001, null, null, 1)]
    [InlineData(null, null, 3651, null, 1)]
    [InlineData(null, null, null, "(?<=a)b", 1)]
    [InlineData(7, 0, 0, "(", 4)]
    public void Validation_names_every_bad_value(int? files, int? versions, int? days, string? regex, int errors)
    {
        var policy = new CleanupPolicy { ProjectId = 1, KeepNDuplicatedPackageFiles = files, KeepNVersions = versions, RemoveOlderThanDays = days, RemoveVersionPattern = regex };

        CleanupPolicies.Validate(policy).Should().HaveCount(errors);
        CleanupVersionPattern.ValidationErrorOrNull("keep_version_regex", new string('a', 256)).Should().Contain("too long");
    }

    private static Package Version(long id, string version, int daysAgo, PackageStatus status = PackageStatus.Default) => new()
    {
        Id = id,
        ProjectId = 1,
        Type = "generic",
        Name = "tool",
        NormalizedName = "tool",
        Version = version,
        NormalizedVersion = version,
        Status = status,
        CreatedAt = Now.AddDays(-daysAgo),
        UpdatedAt = Now.AddDays(-daysAgo),
    };

    private static PackageFile File(long id, string name, int hoursAgo = 1) => new()
    {
        Id = id,
        PackageId = 1,
        FileName = name,
        Size = 10,
        Md5 = "m",
        Sha1 = "s",
        Sha256 = "h" + id,
        Sha512 = "x",
        CreatedAt = Now.AddHours(-hoursAgo),
    };
}
