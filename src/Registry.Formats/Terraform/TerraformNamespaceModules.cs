using Registry.Core.Packages;
using Registry.Core.Security;

namespace Registry.Formats.Terraform;

/// <summary>
/// A module as the namespace routes see it: the top-level group the address names, and every live version of the module
/// in that group's projects the caller may pull from.
/// </summary>
/// <param name="Namespace">The namespace as the address spells it.</param>
/// <param name="Module">The module's name and system (and version, when the route names one).</param>
/// <param name="Packages">Each live version in each readable project.</param>
internal sealed record TerraformNamespaceModules(string Namespace, TerraformModule Module, IReadOnlyList<(AuthorizedProject Project, Package Package)> Packages)
{
    public IEnumerable<string> Versions => Packages.Select(static p => p.Package.Version);

    /// <summary>The version's package (the last published, when several projects hold it), or null.</summary>
    public (AuthorizedProject Project, Package Package)? Find(string version) =>
        TerraformDocuments.NewestPublished(Packages.Where(p => p.Package.Version == version), static p => p.Package) is { Project: not null } hit ? hit : null;
}
