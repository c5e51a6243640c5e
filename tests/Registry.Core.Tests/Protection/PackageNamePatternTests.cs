using Registry.Core.Protection;

namespace Registry.Core.Tests.Protection;

public sealed class PackageNamePatternTests
{
    [Theory]
    [InlineData("@acme/pkg-*", "@acme/pkg-prod", true)]
    [InlineData("@acme/pkg-*", "@acme/pkg-", true)]
    [InlineData("@acme/pkg-*", "@ACME/PKG-prod", true)]
    [InlineData("@acme/*package", "@acme/prod-sha123-package", true)]
    [InlineData("@acme/*package", "@acme/package-x", false)]
    [InlineData("*", "anything/at/all", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("exact", "exact", true)]
    [InlineData("exact", "exactly", false)]
    [InlineData("my_pkg%", "my_pkg%", true)]
    [InlineData("my_pkg%", "myXpkgY", false)]
    [InlineData("**a", "a", true)]
    public void A_star_matches_any_run_and_everything_else_itself_ignoring_case(string pattern, string name, bool matches) =>
        PackageNamePattern.IsMatch(pattern, name).Should().Be(matches);

    [Fact]
    public void A_pattern_of_many_stars_against_a_long_name_ends_quickly()
    {
        // Quadratic at worst (pattern x name), never exponential: 255 characters each is a few tens of thousands of steps.
        var pattern = string.Concat(Enumerable.Repeat("a*", 127)) + "b";
        PackageNamePattern.IsMatch(pattern, new string('a', 255)).Should().BeFalse();
    }

    [Theory]
    [InlineData(null, "Package name pattern can't be blank")]
    [InlineData(" ", "Package name pattern can't be blank")]
    [InlineData("has space", "Package name pattern should be a package name with optional wildcard characters, without spaces.")]
    [InlineData("ok-*", null)]
    public void Blank_long_or_spaced_patterns_are_refused_in_GitLabs_words(string? pattern, string? error) =>
        PackageNamePattern.ValidationErrorOrNull(pattern).Should().Be(error);

    [Fact]
    public void A_pattern_longer_than_255_characters_is_refused() =>
        PackageNamePattern.ValidationErrorOrNull(new string('a', 256)).Should().Be("Package name pattern is too long (maximum is 255 characters)");
}
