namespace Registry.Storage.Relational;

/// <summary>The kinds of <see cref="RevisionScope"/>.</summary>
public enum RevisionScopeKind
{
    /// <summary>Everything that is not a package: <see cref="RevisionScope.Directory"/>.</summary>
    Directory,

    /// <summary>Every project's packages: <see cref="RevisionScope.AnyPackage"/>.</summary>
    AnyPackage,

    /// <summary>One project's packages: <see cref="RevisionScope.Project"/>.</summary>
    Project,

    /// <summary>One package: <see cref="RevisionScope.Package"/>.</summary>
    Package,
}
