using Microsoft.Extensions.Options;
using Registry.Core.Packages;

namespace Registry.Formats.PyPI;

/// <summary>The PyPI format: wheels and source distributions with twine's upload API and pip's simple repository API.</summary>
internal sealed class PyPIFormat(IOptionsMonitor<PyPIOptions> options) : IPackageFormat
{
    /// <summary>
    /// PyPI projects: names normalized as PEP 503 says (runs of <c>-_.</c> become <c>-</c>, lowercase), versions as PEP 440
    /// says (<c>1.0-RC1</c> is <c>1.0rc1</c>) and compares them: trailing zeros of the release segment do not count, so
    /// <c>1.0</c> and <c>1.0.0</c> are one release, as pip sees them.
    /// </summary>
    internal static PackageType PyPIType { get; } = new("pypi", Pep503.Normalize, ReleaseKey);

    public PackageType Type => PyPIType;

    /// <summary>
    /// The PEP 440 normalized version with the release segment's trailing zeros removed (at least one number is kept):
    /// https://packaging.python.org/en/latest/specifications/version-specifiers/#release-segment.
    /// </summary>
    internal static string ReleaseKey(string version)
    {
        var normalized = Pep440.Normalize(version);
        var epochEnd = normalized.IndexOf('!', StringComparison.Ordinal) + 1;
        var releaseEnd = epochEnd;
        while (releaseEnd < normalized.Length && (char.IsAsciiDigit(normalized[releaseEnd]) || (normalized[releaseEnd] == '.' && releaseEnd + 1 < normalized.Length && char.IsAsciiDigit(normalized[releaseEnd + 1]))))
        {
            releaseEnd++;
        }

        var release = normalized[epochEnd..releaseEnd];
        while (release.EndsWith(".0", StringComparison.Ordinal))
        {
            release = release[..^2];
        }

        return normalized[..epochEnd] + release + normalized[releaseEnd..];
    }

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
