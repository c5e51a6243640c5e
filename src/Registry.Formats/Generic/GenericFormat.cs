using Microsoft.Extensions.Options;
using Registry.Core.Packages;

namespace Registry.Formats.Generic;

/// <summary>The generic format: any file, under a name and a version, with GitLab's generic packages API.</summary>
internal sealed class GenericFormat(IOptionsMonitor<GenericOptions> options) : IPackageFormat
{
    public PackageType Type => PackageType.Generic;

    public bool? DuplicatesAllowedByDefault => options.CurrentValue.DuplicatesAllowed;

    public void MapRoutes(PackageFormatRoutes routes) => GenericEndpoints.Map(routes.Project);

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => GenericSnippets.For(context);
}
