using Registry.Formats.Generic;

namespace Registry.Formats.Tests.Generic;

/// <summary>
/// Names that HTTP clients normalize away before they reach the server (<c>..</c>, <c>.</c>) are checked here,
/// at the parser, so a client that sends them raw is refused too.
/// </summary>
public sealed class GenericParserTests
{
    [Theory]
    [InlineData("tool", "1.0.0", "..", "file_name is invalid")]
    [InlineData("tool", "1.0.0", ".", null)]
    [InlineData("tool", "1.0.0", "../etc/passwd", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "/etc", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "a\0b", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "tool-1.0.0+linux_x64.tar.gz", null)]
    [InlineData("tool", "1.0.0", "pkg_1.2~rc1.deb", null)]
    [InlineData("tool", "1.0.0", "a~", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "linux/amd64/tool", null)]
    [InlineData("tool", "1.0.0", "tool@2x.png", null)]
    [InlineData("tool", "1.0.0", "@scope", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "tool@", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "dir/", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "a//b", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "a/./b", "file_name is invalid")]
    [InlineData("tool", "1.0.0", "a/../b", "file_name is invalid")]
    [InlineData("..", "1.0.0", "a", null)]
    [InlineData("my.tool+x", "v1.0.0-rc.1", "a", null)]
    [InlineData("tool", "..", "a", "package_version is invalid")]
    [InlineData("tool", "1.0.0/..", "a", "package_version is invalid")]
    [InlineData("t/ool", "1.0.0", "a", "package_name is invalid")]
    [InlineData("", "1.0.0", "a", "package_name is invalid")]
    public void Validate_applies_GitLabs_rules(string name, string version, string file, string? error) =>
        (GenericParser.Parse(name, version, file).Error?.Message).Should().Be(error);
}
