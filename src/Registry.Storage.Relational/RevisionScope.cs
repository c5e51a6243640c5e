using System.Globalization;

namespace Registry.Storage.Relational;

/// <summary>
/// The part of the data a cached lookup depends on, so that a commit invalidates only the lookups of what it changed: a
/// publish into one project leaves another project's packages, and every token and membership, cached. A dialect that
/// learns of commits by notification (PostgreSQL) keeps a counter per scope
/// (<see cref="RelationalDatabase.KnownScopeCounter"/>); one that reads its revision with a query has one revision for all.
/// </summary>
/// <param name="Kind">Which part of the data.</param>
/// <param name="Id">The project or package id for <see cref="RevisionScopeKind.Project"/> and <see cref="RevisionScopeKind.Package"/>; 0 otherwise.</param>
public readonly record struct RevisionScope(RevisionScopeKind Kind, long Id)
{
    /// <summary>Users, groups, projects, memberships, tokens and every setting: the rows authorization reads.</summary>
    public static RevisionScope Directory => new(RevisionScopeKind.Directory, 0);

    /// <summary>The packages of every project, for a lookup that spans projects (a group's package listing).</summary>
    public static RevisionScope AnyPackage => new(RevisionScopeKind.AnyPackage, 0);

    /// <summary>The packages of one project, their files and build information.</summary>
    /// <param name="projectId">The project's id.</param>
    public static RevisionScope Project(long projectId) => new(RevisionScopeKind.Project, projectId);

    /// <summary>One package's row, its files and build information.</summary>
    /// <param name="packageId">The package's id.</param>
    public static RevisionScope Package(long packageId) => new(RevisionScopeKind.Package, packageId);

    /// <summary>
    /// The scope a change to this one changes too: <see cref="AnyPackage"/> for a project's packages, since a lookup
    /// across projects includes them; null otherwise.
    /// </summary>
    public RevisionScope? Enclosing => Kind == RevisionScopeKind.Project ? AnyPackage : null;

    /// <summary>
    /// Reads the name a dialect's change tracking gives a changed scope (its triggers write them: <c>d</c> for the
    /// directory, <c>p</c> and a project id, <c>k</c> and a package id), so that every dialect places a change the
    /// same way.
    /// </summary>
    /// <param name="name">The name, as the trigger wrote it.</param>
    /// <param name="scope">The scope changed; <see cref="Directory"/> when the name is not one of the three.</param>
    /// <returns>False for any other name (a later version's kind, say): such a change may have changed anything.</returns>
    public static bool TryParseChanged(ReadOnlySpan<char> name, out RevisionScope scope)
    {
        scope = Directory;
        if (name is "d")
        {
            return true;
        }

        if (name.Length < 2 || !long.TryParse(name[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        switch (name[0])
        {
            case 'p':
                scope = Project(id);
                return true;
            case 'k':
                scope = Package(id);
                return true;
            default:
                return false;
        }
    }
}
