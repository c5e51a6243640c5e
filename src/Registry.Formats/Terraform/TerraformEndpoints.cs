using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Terraform;

/// <summary>
/// The route table: discovery at the registry root, GitLab's project routes (publish, and the module downloads of GitLab
/// 16.7's <c>API::Terraform::Modules::V1::ProjectPackages</c>), and the module registry protocol at the instance level
/// (<see cref="TerraformModuleRegistry"/>).
/// </summary>
internal static class TerraformEndpoints
{
    private const string DiscoveryPath = "/.well-known/terraform.json";
    private const string ProjectModule = "/{moduleName}/{moduleSystem}";

    public static void Map(PackageFormatRoutes routes)
    {
        // Terraform asks the host root; a host that mounts the registry under a prefix serves it there (see the README).
        routes.Root?.MapGetAndHead(DiscoveryPath, Discovery);
        routes.Project.MapPut(ProjectModule + "/{moduleVersion}/file", TerraformPublishing.PublishAsync);
        routes.Project.MapGetAndHead(ProjectModule, static (HttpContext context, string id, string moduleName, string moduleSystem) =>
            ProjectArchiveAsync(context, id, moduleName, moduleSystem, moduleVersion: null));
        routes.Project.MapGetAndHead(ProjectModule + "/{moduleVersion}", static (HttpContext context, string id, string moduleName, string moduleSystem, string moduleVersion) =>
            ProjectArchiveAsync(context, id, moduleName, moduleSystem, moduleVersion));
        TerraformModuleRegistry.Map(routes.Instance);
    }

    /// <summary>
    /// Remote service discovery (https://developer.hashicorp.com/terraform/internals/remote-service-discovery): the modules
    /// API's path, below the path base and mount prefix this document was reached under.
    /// </summary>
    private static IResult Discovery(HttpContext context)
    {
        var path = (context.Request.PathBase + context.Request.Path).ToUriComponent();
        var prefix = path.EndsWith(DiscoveryPath, StringComparison.Ordinal) ? path[..^DiscoveryPath.Length] : string.Empty;
        return Results.Json(TerraformDocuments.Discovery(prefix + TerraformModuleRegistry.ModulesPath));
    }

    /// <summary>
    /// GitLab's project-level module download: the archive of a version (the latest without one) to a caller with a
    /// credential (Basic, as go-getter sends from <c>.netrc</c>), or with <c>?terraform-get=1</c> a 204 whose
    /// <c>X-Terraform-Get</c> names the version's archive with a signed grant.
    /// </summary>
    private static async Task<IResult> ProjectArchiveAsync(HttpContext context, string id, string moduleName, string moduleSystem, string? moduleVersion)
    {
        var errors = ClientErrors.Of(context);
        if (!TerraformParser.Parse(moduleName, moduleSystem, moduleVersion).Succeeded(out var module, out var invalid))
        {
            return errors.BadRequest(invalid.Message);
        }

        if (TerraformArchives.HasGrant(context))
        {
            return await TerraformArchives.ServeGrantedAsync(context, ProjectResource(id, module), module).ConfigureAwait(false);
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Pull).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var versions = await reader.ListVersionsAsync(project, TerraformFormat.TerraformType, module.PackageName, context.RequestAborted).ConfigureAwait(false);
        var version = moduleVersion ?? TerraformDocuments.Latest(versions.Select(static p => p.Version));
        var package = versions.FirstOrDefault(p => p.Version == version);
        if (package is null || version is null || await TerraformArchives.ArchiveOrNullAsync(context, project, package).ConfigureAwait(false) is not { } file)
        {
            return errors.NotFound();
        }

        if (context.Request.Query["terraform-get"] == "1")
        {
            var projectId = project.Project.Id.ToString(CultureInfo.InvariantCulture);
            var fileUrl = $"{RegistryUrls.Root(context.Request)}/api/v4/projects/{projectId}/packages/terraform/modules/{moduleName}/{moduleSystem}/{Uri.EscapeDataString(version)}";
            return TerraformArchives.Redirect(context, fileUrl, ProjectResource(projectId, module with { Version = version }), project, file);
        }

        return await TerraformArchives.ServeAsync(context, project, package, file).ConfigureAwait(false);
    }

    /// <summary>What a grant for a project address is bound to: the address's own path values.</summary>
    private static string ProjectResource(string projectId, TerraformModule module) => $"project:{projectId}/{module.Name}/{module.System}/{module.Version}";
}
