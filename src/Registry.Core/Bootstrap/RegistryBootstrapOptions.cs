using Registry.Core.Directory;

namespace Registry.Core.Bootstrap;

/// <summary>
/// What a fresh registry needs before anyone can sign in (<c>PackageRegistry:Bootstrap</c>): an administrator, a token
/// for them and, optionally, a first group and project. Applied by <c>BootstrapOnStart()</c> or
/// <see cref="RegistryBootstrapper.BootstrapAsync"/>; applying it again changes nothing.
/// </summary>
public sealed class RegistryBootstrapOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Bootstrap";

    /// <summary>The administrator's username (<c>PackageRegistry:Bootstrap:AdminUsername</c>); created when missing.</summary>
    public string AdminUsername { get; set; } = "admin";

    /// <summary>The administrator's display name, used when the user is created.</summary>
    public string AdminName { get; set; } = "Administrator";

    /// <summary>
    /// A known personal access token for the administrator (<c>PackageRegistry:Bootstrap:AdminToken</c>), for scripts and
    /// CI: registered at every start (a revoked one stays revoked). Keep it in a secret store, not in appsettings.json.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// Where to write a generated administrator token when <see cref="AdminToken"/> is empty
    /// (<c>PackageRegistry:Bootstrap:GeneratedTokenFile</c>; relative to <c>PackageRegistry:DataPath</c>). The token is
    /// generated once: while the file exists no other is issued. Empty: no token is generated.
    /// </summary>
    public string? GeneratedTokenFile { get; set; }

    /// <summary>A top-level group to create, by path (<c>PackageRegistry:Bootstrap:Group</c>), with the administrator as owner.</summary>
    public string? Group { get; set; }

    /// <summary>A project to create inside <see cref="Group"/>, by path (<c>PackageRegistry:Bootstrap:Project</c>).</summary>
    public string? Project { get; set; }

    /// <summary>The visibility of a group and project the bootstrap creates.</summary>
    public ProjectVisibility Visibility { get; set; } = ProjectVisibility.Private;
}
