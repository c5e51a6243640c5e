namespace Registry.Core.Directory;

/// <summary>A project's <c>package_registry_access_level</c>.</summary>
public enum PackageRegistryAccessLevel
{
    /// <summary>Every registry call answers 403, even for owners.</summary>
    Disabled = 0,
    /// <summary>Members only, whatever the project visibility.</summary>
    Private = 10,
    /// <summary>Follows the project's visibility (the default).</summary>
    Enabled = 20,
    /// <summary>"Allow anyone to pull": anyone may view and pull through project-level endpoints.</summary>
    Public = 30,
}
