using System.Formats.Tar;
using Registry.Formats.Terraform;

namespace Registry.Formats.Tests.Terraform;

/// <summary>GitLab's coordinate rules and the archive check, without HTTP.</summary>
public sealed class TerraformParserTests
{
    [Theory]
    [InlineData("vpc", "aws", "1.0.0")]
    [InlineData("my-module", "my-system", "0.0.1")]
    [InlineData("a1", "b2", "1.2.3-rc.1+build.5")]
    [InlineData("x", "y", "10.20.30-alpha-1.0")]
    public void Coordinates_of_gitlabs_rules_are_accepted(string name, string system, string version)
    {
        TerraformParser.Parse(name, system, version).Succeeded(out var module, out _).Should().BeTrue();
        module!.PackageName.Should().Be($"{name}/{system}");
        module.FileName.Should().Be($"{name}-{system}-{version}.tgz");
    }

    [Theory]
    [InlineData("VPC", "aws", "1.0.0", "module_name")]
    [InlineData("my_module", "aws", "1.0.0", "module_name")]
    [InlineData("my.module", "aws", "1.0.0", "module_name")]
    [InlineData("", "aws", "1.0.0", "module_name")]
    [InlineData("vpc", "a/b", "1.0.0", "module_system")]
    [InlineData("vpc", "AWS", "1.0.0", "module_system")]
    [InlineData("vpc", "aws", "1.0", "module_version")]
    [InlineData("vpc", "aws", "v1.0.0", "module_version")]
    [InlineData("vpc", "aws", "01.0.0", "module_version")]
    [InlineData("vpc", "aws", "1.0.0-", "module_version")]
    [InlineData("vpc", "aws", "1.0.0-01", "module_version")]
    [InlineData("vpc", "aws", "1.0.0/../x", "module_version")]
    [InlineData("vpc", "aws", "١.٠.٠", "module_version")]
    public void Coordinates_outside_gitlabs_rules_name_the_parameter(string name, string system, string version, string parameter)
    {
        TerraformParser.Parse(name, system, version).Succeeded(out _, out var error).Should().BeFalse();
        error!.Message.Should().StartWith(parameter + " is invalid");
    }

    [Fact]
    public async Task A_module_archive_with_a_submodule_is_accepted() =>
        (await InspectAsync(TerraformArchiveBuilder.Module())).Should().BeNull();

    [Fact]
    public async Task Links_inside_the_archive_are_accepted() =>
        (await InspectAsync(TerraformArchiveBuilder.TarGz(
            TerraformArchiveBuilder.File("main.tf", "x"),
            TerraformArchiveBuilder.Link(TarEntryType.SymbolicLink, "modules/x/shared.tf", "../../main.tf")))).Should().BeNull();

    public static TheoryData<string, byte[], string> Hostile => new()
    {
        { "plain text", "not an archive"u8.ToArray(), "not a gzip-compressed tar" },
        { "an uncompressed tar", TerraformArchiveBuilder.Tar(TerraformArchiveBuilder.File("main.tf", "x")), "not a gzip-compressed tar" },
        { "gzip of text", TerraformArchiveBuilder.Gzip("hello, not a tar at all, but long enough to look at...................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................................."u8.ToArray()), "not a gzip-compressed tar" },
        { "a truncated archive", TerraformArchiveBuilder.Module()[..40], "not a gzip-compressed tar" },
        { "a parent traversal", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.File("../evil.tf", "x")), "outside the module directory" },
        { "a nested traversal", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.File("modules/../../evil.tf", "x")), "outside the module directory" },
        { "an absolute path", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.File("/etc/cron.d/evil", "x")), "outside the module directory" },
        { "a backslash path", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.File("..\\evil.tf", "x")), "outside the module directory" },
        { "a symlink out", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.Link(TarEntryType.SymbolicLink, "modules/x/evil", "../../../etc/passwd")), "links outside" },
        { "an absolute symlink", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.Link(TarEntryType.SymbolicLink, "evil", "/etc/passwd")), "links outside" },
        { "a hard link out", TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.Link(TarEntryType.HardLink, "a/b/evil", "../x")), "links outside" },
        { "a device", TerraformArchiveBuilder.TarGz(new PaxTarEntry(TarEntryType.CharacterDevice, "dev")), "may not hold" },
        { "an empty archive", TerraformArchiveBuilder.Gzip(new byte[1024]), "empty" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Hostile_or_wrong_archives_are_refused_with_400(string kind, byte[] archive, string error)
    {
        var refusal = await InspectAsync(archive);

        refusal.Should().NotBeNull(kind);
        refusal!.StatusCode.Should().Be(400);
        refusal.Message.Should().Contain(error);
    }

    [Fact]
    public async Task An_archive_that_unpacks_past_the_limit_is_refused_with_413_before_it_is_unpacked()
    {
        var bomb = TerraformArchiveBuilder.TarGz(TerraformArchiveBuilder.File("a.tf", new string('a', 600)), TerraformArchiveBuilder.File("b.tf", new string('b', 600)));

        var refusal = await TerraformParser.InspectArchiveAsync(new MemoryStream(bomb), maxUncompressedBytes: 1000, maxEntries: 10, CancellationToken.None);

        refusal!.StatusCode.Should().Be(413);
        refusal.Message.Should().Contain("more than 1000 bytes");
    }

    [Fact]
    public async Task An_archive_with_too_many_entries_is_refused()
    {
        var many = TerraformArchiveBuilder.TarGz([.. Enumerable.Range(0, 5).Select(i => TerraformArchiveBuilder.File($"f{i}.tf", "x"))]);

        var refusal = await TerraformParser.InspectArchiveAsync(new MemoryStream(many), maxUncompressedBytes: 1000, maxEntries: 4, CancellationToken.None);

        refusal!.Message.Should().Contain("more than 4 entries");
    }

    private static Task<Registry.Formats.Protocol.ParseError?> InspectAsync(byte[] archive) =>
        TerraformParser.InspectArchiveAsync(new MemoryStream(archive), maxUncompressedBytes: 1024 * 1024, maxEntries: 100, CancellationToken.None);
}
