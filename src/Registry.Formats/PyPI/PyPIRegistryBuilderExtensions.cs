using Registry.Core;
using Registry.Formats;
using Registry.Formats.PyPI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the PyPI format.</summary>
public static class PyPIRegistryBuilderExtensions
{
    /// <summary>
    /// Adds GitLab's PyPI API (https://docs.gitlab.com/ee/user/packages/pypi_repository/): twine's legacy upload at
    /// <c>/api/v4/projects/{id}/packages/pypi</c> and the simple repository API
    /// (https://packaging.python.org/en/latest/specifications/simple-repository-api/) under <c>.../pypi/simple/</c>,
    /// at the project and the group level, configured from <c>PackageRegistry:PyPI</c>.
    /// </summary>
    public static PackageRegistryBuilder AddPyPI(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<PyPIOptions, PyPIOptionsValidator>(PyPIOptions.SectionName)
            .AddFormat<PyPIFormat>();
}
