using Registry.Core.Packages;
using Registry.Core.Updating;

namespace Registry.Core.Tests.UseCases;

public sealed class PackageChangesTests
{
    private static readonly DateTimeOffset At = RegistryHarness.Start.AddHours(1);

    private static Package Version(long id, string version, PackageStatus status = PackageStatus.Default, string? metadata = null, params string[] tags) => new()
    {
        Id = id,
        ProjectId = 1,
        Type = "npm",
        Name = "pkg",
        NormalizedName = "pkg",
        Version = version,
        NormalizedVersion = version,
        Status = status,
        Tags = tags,
        Metadata = metadata,
        CreatedAt = RegistryHarness.Start,
        UpdatedAt = RegistryHarness.Start,
    };

    [Fact]
    public void MoveTags_returns_only_the_versions_that_change_with_the_targets_tags_sorted()
    {
        Package[] versions = [Version(1, "1.0.0", tags: ["latest", "x"]), Version(2, "2.0.0", tags: ["next"]), Version(3, "3.0.0")];

        var changed = PackageChanges.MoveTags(versions, "2.0.0", ["latest", "beta"], At);

        changed.Should().BeEquivalentTo(new[]
        {
            versions[0] with { Tags = ["x"], UpdatedAt = At },
            versions[1] with { Tags = ["beta", "latest", "next"], UpdatedAt = At },
        });
        PackageChanges.MoveTags(versions, "9.0.0", ["latest"], At).Should().BeNull();
        PackageChanges.MoveTags(versions, "1.0.0", ["x"], At).Should().BeEmpty();
    }

    [Fact]
    public void RemoveTag_is_null_when_no_version_holds_it()
    {
        Package[] versions = [Version(1, "1.0.0", tags: ["latest"]), Version(2, "2.0.0")];

        PackageChanges.RemoveTag(versions, "latest", At).Should().ContainSingle().Which.Should().BeEquivalentTo(versions[0] with { Tags = [], UpdatedAt = At });
        PackageChanges.RemoveTag(versions, "next", At).Should().BeNull();
    }

    [Theory]
    [InlineData(PackageStatus.Default, false, PackageStatus.Hidden)]
    [InlineData(PackageStatus.Hidden, true, PackageStatus.Default)]
    [InlineData(PackageStatus.Default, true, null)]
    [InlineData(PackageStatus.Hidden, false, null)]
    [InlineData(PackageStatus.Error, true, null)]
    [InlineData(PackageStatus.Processing, true, null)]
    [InlineData(PackageStatus.Deprecated, false, null)]
    public void SetListed_moves_only_between_default_and_hidden(PackageStatus from, bool listed, PackageStatus? to)
    {
        var changed = PackageChanges.SetListed(Version(1, "1.0.0", from), listed, At);

        changed?.Status.Should().Be(to);
        (changed is null).Should().Be(to is null);
    }

    [Fact]
    public void SetDeprecation_keeps_npm_semantics_for_status_and_manifest()
    {
        Package[] versions =
        [
            Version(1, "1.0.0", metadata: "{\"name\":\"pkg\"}"),
            Version(2, "2.0.0", PackageStatus.Deprecated, "{\"name\":\"pkg\",\"deprecated\":\"old\"}"),
            Version(3, "3.0.0", PackageStatus.Hidden, "{\"name\":\"pkg\"}"),
        ];

        var changed = PackageChanges.SetDeprecation(versions, new Dictionary<string, string?> { ["1.0.0"] = "use 3", ["2.0.0"] = "", ["3.0.0"] = null }, At);

        changed.Should().BeEquivalentTo(new[]
        {
            versions[0] with { Status = PackageStatus.Deprecated, Metadata = "{\"name\":\"pkg\",\"deprecated\":\"use 3\"}", UpdatedAt = At },
            versions[1] with { Status = PackageStatus.Default, Metadata = "{\"name\":\"pkg\"}", UpdatedAt = At },
        });
        PackageChanges.SetDeprecation(versions, new Dictionary<string, string?> { ["9.9.9"] = "x" }, At).Should().BeNull();
    }

    [Fact]
    public void SetDeprecation_leaves_metadata_it_cannot_edit_and_text_already_saying_so()
    {
        Package[] versions =
        [
            Version(1, "1.0.0", metadata: null),
            Version(2, "2.0.0", metadata: "not json"),
            Version(3, "3.0.0", PackageStatus.Deprecated, "{ \"deprecated\" : \"old\" }"),
        ];

        var changed = PackageChanges.SetDeprecation(versions, new Dictionary<string, string?> { ["1.0.0"] = "x", ["2.0.0"] = "x", ["3.0.0"] = "old" }, At);

        changed.Should().BeEquivalentTo(new[]
        {
            versions[0] with { Status = PackageStatus.Deprecated, UpdatedAt = At },
            versions[1] with { Status = PackageStatus.Deprecated, UpdatedAt = At },
        });
    }
}
