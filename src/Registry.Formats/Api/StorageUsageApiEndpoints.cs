using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Usage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// Package storage usage (ours; GitLab shows only <c>statistics.packages_size</c> of a project): bytes, files and
/// packages per format and in total, plus the deduplicated bytes (each distinct content once), of a project or of every
/// project of a group and its subgroups. Reporters and above see it, as they see GitLab's project statistics; in a
/// group, the projects where the caller is a Reporter or above count. One aggregate query per request.
/// </summary>
internal static class StorageUsageApiEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead("/api/v4/projects/{id}/packages/storage", ProjectAsync);
        root.MapGetAndHead("/api/v4/groups/{id}/packages/storage", GroupAsync);
    }

    /// <summary>Whether the caller sees a project's storage: GitLab's <c>read_statistics</c> (Reporter and above, or an administrator).</summary>
    public static bool MaySeeStatistics(RegistryPrincipal principal, AccessLevel role) => principal.IsAdmin || role >= AccessLevel.Reporter;

    private static async Task<IResult> ProjectAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.View).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (!MaySeeStatistics(project.Principal, project.Role))
        {
            return ApiProblems.Forbidden();
        }

        var usage = await Store(context).GetUsageAsync([project.Project.Id], context.RequestAborted).ConfigureAwait(false);
        return GitLabJson.Result(Document(usage, projects: 1));
    }

    private static async Task<IResult> GroupAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeGroupProjectsAsync(id, PackageAction.View, excludeSubgroups: false, ApiProblems.NotFound("Group")).ConfigureAwait(false)).Succeeded(out var group, out var denied))
        {
            return denied;
        }

        var counted = group.Allowed.Where(p => MaySeeStatistics(p.Principal, p.Role)).Select(static p => p.Project.Id).ToList();
        if (counted.Count == 0 && group.Allowed.Count > 0)
        {
            return ApiProblems.Forbidden();
        }

        var usage = await Store(context).GetUsageAsync(counted, context.RequestAborted).ConfigureAwait(false);
        return GitLabJson.Result(Document(usage, counted.Count));
    }

    private static IPackageUsageStore Store(HttpContext context) => context.RequestServices.GetRequiredService<IPackageUsageStore>();

    private static Dictionary<string, object> Document(PackageUsage usage, int projects) => new(StringComparer.Ordinal)
    {
        ["projects_count"] = projects,
        ["packages_count"] = usage.Packages,
        ["files_count"] = usage.Files,
        ["packages_size"] = usage.Bytes,
        ["deduplicated_size"] = usage.DeduplicatedBytes,
        ["formats"] = usage.Formats.Select(static f => new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["package_type"] = f.PackageType,
            ["packages_count"] = f.Packages,
            ["files_count"] = f.Files,
            ["size"] = f.Bytes,
        }).ToList(),
    };
}
