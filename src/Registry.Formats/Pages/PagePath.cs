using System.Globalization;
using System.Text.RegularExpressions;

namespace Registry.Formats.Pages;

/// <summary>Which page a path names.</summary>
internal enum PageKind
{
    /// <summary><c>/{full_path}/-/packages</c>.</summary>
    ProjectPackages,
    /// <summary><c>/groups/{full_path}/-/packages</c>.</summary>
    GroupPackages,
    /// <summary><c>/{full_path}/-/infrastructure_registry</c>.</summary>
    ProjectInfrastructure,
    /// <summary><c>/groups/{full_path}/-/infrastructure_registry</c>.</summary>
    GroupInfrastructure,
    /// <summary><c>/{full_path}/-/packages/{id}</c> or <c>/{full_path}/-/infrastructure_registry/{id}</c>.</summary>
    Package,
}

/// <summary>
/// A page path at GitLab's web routes (https://docs.gitlab.com/ee/user/packages/package_registry/#view-packages),
/// relative to the mount prefix: the project or group full path and, for a package page, the package id.
/// </summary>
internal sealed partial record PagePath(PageKind Kind, string FullPath, long? PackageId)
{
    /// <summary>Whether the page is one of the Infrastructure Registry's (a list, or a package reached through it).</summary>
    public bool Infrastructure { get; init; }

    /// <summary>Parses a path without its leading slash; null when it is not a page's.</summary>
    public static PagePath? TryParse(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var at = path.LastIndexOf("/-/", StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }

        var owner = path[..at];
        var rest = path[(at + 3)..].Split('/');
        var infrastructure = rest[0] == "infrastructure_registry";
        if (!infrastructure && rest[0] != "packages")
        {
            return null;
        }

        var group = owner.StartsWith("groups/", StringComparison.Ordinal);
        var fullPath = group ? owner["groups/".Length..] : owner;
        if (!IsFullPath(fullPath) || (!group && fullPath.Split('/')[0] is "api" or "groups"))
        {
            return null;
        }

        switch (rest.Length)
        {
            case 1:
                var kind = (group, infrastructure) switch
                {
                    (true, true) => PageKind.GroupInfrastructure,
                    (true, false) => PageKind.GroupPackages,
                    (false, true) => PageKind.ProjectInfrastructure,
                    (false, false) => PageKind.ProjectPackages,
                };
                return new PagePath(kind, fullPath, null) { Infrastructure = infrastructure };
            case 2 when !group && long.TryParse(rest[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0:
                return new PagePath(PageKind.Package, fullPath, id) { Infrastructure = infrastructure };
            default:
                return null;
        }
    }

    /// <summary>GitLab's namespace and project path characters, segment by segment.</summary>
    private static bool IsFullPath(string fullPath) => FullPathPattern().IsMatch(fullPath);

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FullPathPattern();
}
