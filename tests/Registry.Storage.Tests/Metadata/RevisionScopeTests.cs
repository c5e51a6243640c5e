using Registry.Storage.Relational;

namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// The names the dialects' change tracking gives a changed scope, read the same way by SQLite's scope rows and
/// PostgreSQL's notifications: a name it cannot place must say so, since such a change may have changed anything.
/// </summary>
public sealed class RevisionScopeTests
{
    public static TheoryData<string, RevisionScope> Named => new()
    {
        { "d", RevisionScope.Directory },
        { "p12", RevisionScope.Project(12) },
        { "k7", RevisionScope.Package(7) },
        { "p9223372036854775807", RevisionScope.Project(long.MaxValue) },
    };

    [Theory]
    [MemberData(nameof(Named))]
    public void A_name_the_triggers_write_is_read_as_its_scope(string name, RevisionScope expected)
    {
        RevisionScope.TryParseChanged(name, out var scope).Should().BeTrue();
        scope.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("p")]
    [InlineData("k")]
    [InlineData("dd")]
    [InlineData("x1")]
    [InlineData("p-1")]
    [InlineData("p+1")]
    [InlineData("p 1")]
    [InlineData("p1a")]
    [InlineData("p99999999999999999999")]
    [InlineData("sync:0f")]
    public void Any_other_name_is_not_placed(string name) =>
        RevisionScope.TryParseChanged(name, out _).Should().BeFalse();

    [Fact]
    public void Only_a_projects_packages_are_enclosed_by_the_lookups_across_projects()
    {
        RevisionScope.Project(3).Enclosing.Should().Be(RevisionScope.AnyPackage);
        RevisionScope.Package(3).Enclosing.Should().BeNull();
        RevisionScope.Directory.Enclosing.Should().BeNull();
        RevisionScope.AnyPackage.Enclosing.Should().BeNull();
    }
}
