using Registry.Core.Packages;
using Registry.Formats.Protocol;

namespace Registry.Formats.Go;

/// <summary>
/// Go modules: GitLab's Go proxy (https://docs.gitlab.com/ee/user/packages/go_proxy/) at
/// <c>/api/v4/projects/{id}/packages/go</c>, listed by the packages API as <c>golang</c>.
/// </summary>
internal sealed class GoFormat : IPackageFormat
{
    /// <summary>
    /// Go modules: the name is the module path and the version a canonical semantic version, both exact. Module paths are
    /// case-sensitive (<c>example.com/Demo</c> and <c>example.com/demo</c> are two modules); the proxy protocol's
    /// <c>!</c>-encoding of uppercase letters is undone before any lookup.
    /// </summary>
    internal static PackageType GolangType { get; } = new("golang");

    public PackageType Type => GolangType;

    public string RouteSegment => "go";

    public ClientErrorShape Errors => GoErrorShape.Instance;

    public void MapRoutes(PackageFormatRoutes routes) => GoEndpoints.Map(routes.Project);

    public IReadOnlyList<PackageSnippet> GetSnippets(PackageSnippetContext context) => GoSnippets.For(context);
}
