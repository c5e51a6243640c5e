using Registry.Core.Packages;

namespace Registry.Core.Tests.Packages;

public sealed class Pep440Tests
{
    [Theory]
    [InlineData("1.0", "1.0")]
    [InlineData("v1.0", "1.0")]
    [InlineData("1.0-RC1", "1.0rc1")]
    [InlineData("1.0.c.2", "1.0rc2")]
    [InlineData("1.0alpha", "1.0a0")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("1.0.rev", "1.0.post0")]
    [InlineData("1.0-dev3", "1.0.dev3")]
    [InlineData("0!01.002", "1.2")]
    [InlineData("2!1.0", "2!1.0")]
    [InlineData("1.0+Ubuntu-1_2", "1.0+ubuntu.1.2")]
    [InlineData(" 1.0b2.post345.dev456 ", "1.0b2.post345.dev456")]
    public void Versions_normalize_as_pep_440_says(string version, string expected)
    {
        Pep440.TryNormalize(version, out var normalized).Should().BeTrue();
        normalized.Should().Be(expected);
        new PackageType("pypi", Pep503.Normalize, Pep440.Normalize).NormalizeVersion(version).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("1.0..0")]
    [InlineData("1.0+")]
    [InlineData("1.0/../x")]
    public void Non_versions_are_refused(string version) => Pep440.TryNormalize(version, out _).Should().BeFalse();
}
