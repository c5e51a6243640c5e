using Microsoft.Extensions.Options;
using Registry.Core.Packages;
using Registry.Formats.Protocol;

namespace Registry.Formats.Generic;

/// <summary>The generic format: any file, under a name and a version, with GitLab's generic packages API.</summary>
internal sealed class GenericFormat(IOptionsMonitor<GenericOptions> options) : IPackageFormat
{
    /// <summary>Generic packages: names and versions are exact.</summary>
    internal static PackageType GenericType { get; } = new("generic");

    public PackageType Type => GenericType;

    public bool? DuplicatesAllowedByDefault => options.CurrentValue.DuplicatesAllowed;

    public ClientErrorShape Errors => GenericErrorShape.Instance;

    public void MapRoutes(PackageFormatRoutes routes) => GenericEndpoints.Map(routes.Project);

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => GenericSnippets.For(context);
}
