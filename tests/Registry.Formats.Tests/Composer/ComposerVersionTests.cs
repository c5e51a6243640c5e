using Registry.Formats.Composer;

namespace Registry.Formats.Tests.Composer;

/// <summary>Composer's version normalization (composer/semver's VersionParser::normalize) and GitLab's tag and branch rules.</summary>
public sealed class ComposerVersionTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.0.0")]
    [InlineData("v1.2.3", "1.2.3.0")]
    [InlineData("1.2", "1.2.0.0")]
    [InlineData("1.0.0-beta2", "1.0.0.0-beta2")]
    [InlineData("1.0.0-b2", "1.0.0.0-beta2")]
    [InlineData("1.0-RC1", "1.0.0.0-RC1")]
    [InlineData("1.0.0-rc.1", "1.0.0.0-RC1")]
    [InlineData("2.0.0-alpha", "2.0.0.0-alpha")]
    [InlineData("1.0.0-pl3", "1.0.0.0-patch3")]
    [InlineData("1.0.0-stable", "1.0.0.0")]
    [InlineData("1.0.0+build.5", "1.0.0.0")]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("1.0.0-dev", "1.0.0.0-dev")]
    [InlineData("2010-01-02", "2010.01.02")]
    [InlineData("dev-main", "dev-main")]
    [InlineData("dev-feature/x", "dev-feature/x")]
    [InlineData("master", "dev-master")]
    [InlineData("1.x-dev", "1.9999999.9999999.9999999-dev")]
    [InlineData("2.1.x-dev", "2.1.9999999.9999999-dev")]
    public void Normalizes_as_composer_does(string version, string expected)
    {
        ComposerVersion.TryNormalize(version, out var normalized).Should().BeTrue();
        normalized.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a version")]
    [InlineData("1.0.0.0.0")]
    [InlineData("dev-")]
    [InlineData("feature-dev")]
    [InlineData("1.0.0-gamma")]
    public void Refuses_what_composer_refuses(string version) =>
        ComposerVersion.TryNormalize(version, out _).Should().BeFalse();

    [Theory]
    [InlineData("main", "dev-main")]
    [InlineData("1.x", "1.x-dev")]
    [InlineData("2.1", "2.1.x-dev")]
    [InlineData("feature/login", "dev-feature/login")]
    public void Branches_become_dev_versions_as_gitlab_names_them(string branch, string expected) =>
        ComposerVersion.FromBranch(branch).Should().Be(expected);

    [Theory]
    [InlineData("dev-main", true)]
    [InlineData("1.9999999.9999999.9999999-dev", true)]
    [InlineData("1.0.0.0-dev", true)]
    [InlineData("1.0.0.0", false)]
    [InlineData("1.0.0.0-RC1", false)]
    public void Dev_versions_are_told_apart(string normalized, bool dev) => ComposerVersion.IsDev(normalized).Should().Be(dev);

    /// <summary>
    /// Inputs that took a backtracking regex exponential time (a run of digits or letters, then a stray character):
    /// with 60 characters they would not finish in a lifetime; non-backtracking matching answers at once.
    /// </summary>
    [Theory]
    [InlineData("1.0.0-beta", "!")]
    [InlineData("1.0-rc.", "x")]
    [InlineData("2010-01-02-p", "?")]
    public void A_long_run_ending_in_a_stray_character_is_refused_without_backtracking(string prefix, string stray) =>
        ComposerVersion.TryNormalize(prefix + new string('1', 60) + stray, out _).Should().BeFalse();

    /// <summary>The names afl found hanging the parser (tests/Registry.Fuzzing/Crashes/composer/name-backtracking-*.json).</summary>
    [Theory]
    [InlineData("acme/", "p)T")]
    [InlineData("acme/d-", "M")]
    [InlineData("", "/x!")]
    public void A_long_name_ending_in_a_stray_character_is_refused_without_backtracking(string prefix, string stray)
    {
        var name = prefix + new string('p', 60) + stray;
        ComposerParser.PackageName().IsMatch(name).Should().BeFalse();
        ComposerParser.ParseManifest(System.Text.Encoding.UTF8.GetBytes($$"""{"name":"{{name}}"}""")).Error.Should().NotBeNull();
    }
}
