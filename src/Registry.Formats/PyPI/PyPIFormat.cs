using Microsoft.Extensions.Options;
using Registry.Core.Packages;

namespace Registry.Formats.PyPI;

/// <summary>The PyPI format: wheels and source distributions with twine's upload API and pip's simple repository API.</summary>
internal sealed class PyPIFormat(IOptionsMonitor<PyPIOptions> options) : IPackageFormat
{
    public PackageType Type => PackageType.PyPI;

    public bool? DuplicatesAllowedByDefault => options.CurrentValue.DuplicatesAllowed;

    public void MapRoutes(PackageFormatRoutes routes)
    {
        PyPIEndpoints.Map(routes.Project);
        PyPIEndpoints.MapGroup(routes.Group);
    }

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => PyPISnippets.For(context);
}
