using Microsoft.Extensions.Options;
using Registry.Core.Packages;

namespace Registry.Formats.PyPI;

/// <summary>The PyPI format: wheels and source distributions with twine's upload API and pip's simple repository API.</summary>
internal sealed class PyPIFormat(IOptionsMonitor<PyPIOptions> options) : IPackageFormat
{
    /// <summary>PyPI projects: names normalized as PEP 503 says (runs of <c>-_.</c> become <c>-</c>, lowercase), versions as PEP 440 says (<c>1.0-RC1</c> is <c>1.0rc1</c>).</summary>
    internal static PackageType PyPIType { get; } = new("pypi", Pep503.Normalize, Pep440.Normalize);

    public PackageType Type => PyPIType;

    /// <summary>The simple index pip installs from (twine uploads to the URL without <c>/simple/</c>).</summary>
    public string GetProjectRegistryUrl(string registryBaseUrl, string project) => $"{registryBaseUrl}/api/v4/projects/{project}/packages/pypi/simple/";

    public bool? DuplicatesAllowedByDefault => options.CurrentValue.DuplicatesAllowed;

    public void MapRoutes(PackageFormatRoutes routes)
    {
        PyPIEndpoints.Map(routes.Project);
        PyPIEndpoints.MapGroup(routes.Group);
    }

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => PyPISnippets.For(context);
}
