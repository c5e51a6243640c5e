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
}
