namespace Registry.Core.Security;

/// <summary>Token scopes with GitLab's names (<c>api</c>, <c>read_api</c>, <c>read_package_registry</c>, <c>write_package_registry</c>).</summary>
[Flags]
#pragma warning disable CA1711 // "Scopes" is the domain's word, not a collection suffix.
public enum TokenScopes
#pragma warning restore CA1711
{
    /// <summary>No scope.</summary>
    None = 0,
    /// <summary>Full read and write access.</summary>
    Api = 1,
    /// <summary>Read access to the API, packages included.</summary>
    ReadApi = 2,
    /// <summary>Pull packages.</summary>
    ReadPackageRegistry = 4,
    /// <summary>Publish and delete packages.</summary>
    WritePackageRegistry = 8,
    /// <summary>GitLab's container registry pull scope; accepted on project and group access tokens, it grants nothing here.</summary>
    ReadRegistry = 16,
    /// <summary>GitLab's container registry push scope; accepted on project and group access tokens, it grants nothing here.</summary>
    WriteRegistry = 32,
    /// <summary>GitLab's Git pull scope; accepted on project and group access tokens, it grants nothing here.</summary>
    ReadRepository = 64,
    /// <summary>GitLab's Git push scope; accepted on project and group access tokens, it grants nothing here.</summary>
    WriteRepository = 128,
}
