using Registry.Storage.Relational;
using Registry.Storage.Sqlite;

namespace Registry.Storage.Tests.Sqlite;

/// <summary>The in-memory counters behind SQLite's scoped revisions: they only grow, whatever the rows read.</summary>
public sealed class ScopedRevisionsTests
{
    [Fact]
    public void The_first_read_starts_every_scope_at_the_current_revision_and_later_rows_move_only_their_scopes()
    {
        var revisions = new ScopedRevisions(100);
        revisions.Apply(40, null);
        revisions.Last.Should().Be(40);
        var start = revisions.Counter(RevisionScope.Project(1));

        revisions.Apply(42, [("p1", 41), ("k7", 42)]);

        revisions.Counter(RevisionScope.Project(1)).Should().BeGreaterThan(start);
        revisions.Counter(RevisionScope.AnyPackage).Should().BeGreaterThan(start, "a p row moves the listings across projects");
        revisions.Counter(RevisionScope.Package(7)).Should().BeGreaterThan(start);
        revisions.Counter(RevisionScope.Project(2)).Should().Be(start);
        revisions.Counter(RevisionScope.Package(8)).Should().Be(start);
        revisions.Counter(RevisionScope.Directory).Should().Be(start);

        revisions.Apply(43, [("d", 43)]);
        revisions.Counter(RevisionScope.Directory).Should().BeGreaterThan(start);
        revisions.Counter(RevisionScope.Project(1)).Should().Be(41);
    }

    [Fact]
    public void Past_the_bound_every_scope_moves_and_no_counter_goes_back()
    {
        var revisions = new ScopedRevisions(4);
        revisions.Apply(10, null);
        revisions.Apply(12, [("k1", 11), ("k2", 12)]);
        var seen = new[] { RevisionScope.Package(1), RevisionScope.Package(2), RevisionScope.Package(3), RevisionScope.Directory }
            .ToDictionary(scope => scope, revisions.Counter);

        revisions.Apply(15, [("k3", 13), ("k4", 14), ("k5", 15)]);

        foreach (var (scope, counter) in seen)
        {
            revisions.Counter(scope).Should().BeGreaterThanOrEqualTo(counter);
        }

        revisions.Counter(RevisionScope.Package(3)).Should().NotBe(seen[RevisionScope.Package(3)], "its change is not lost by the restart");
        revisions.Counter(RevisionScope.Directory).Should().NotBe(seen[RevisionScope.Directory], "a restart moves every scope");
        revisions.Last.Should().Be(15);
    }

    [Fact]
    public void A_counter_row_that_went_back_moves_every_scope_forward()
    {
        var revisions = new ScopedRevisions(100);
        revisions.Apply(100, null);
        revisions.Apply(120, [("p1", 120)]);
        var project = revisions.Counter(RevisionScope.Project(1));
        var directory = revisions.Counter(RevisionScope.Directory);

        // A restored backup: the counter row is behind what this host read.
        revisions.Apply(5, null);
        revisions.Counter(RevisionScope.Project(1)).Should().BeGreaterThan(project);
        revisions.Counter(RevisionScope.Directory).Should().BeGreaterThan(directory);

        var restarted = revisions.Counter(RevisionScope.Project(1));
        revisions.Apply(6, [("p1", 6)]);
        revisions.Counter(RevisionScope.Project(1)).Should().BeGreaterThan(restarted);
    }

    [Fact]
    public void A_row_it_cannot_place_moves_every_scope()
    {
        var revisions = new ScopedRevisions(100);
        revisions.Apply(1, null);
        var before = revisions.Counter(RevisionScope.Project(3));

        revisions.Apply(2, [("x9", 2)]);

        revisions.Counter(RevisionScope.Project(3)).Should().BeGreaterThan(before);
    }
}
