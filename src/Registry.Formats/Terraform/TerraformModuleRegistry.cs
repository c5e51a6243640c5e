using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Terraform;

/// <summary>
/// The module registry protocol (https://developer.hashicorp.com/terraform/internals/module-registry-protocol) at GitLab's
/// <c>/api/v4/packages/terraform/modules/v1/:namespace/:name/:system</c> (GitLab's <c>API::Terraform::Modules::V1::NamespacePackages</c>):
/// the namespace is a top-level group, and a module is found among the group's projects the caller may pull from.
/// Terraform sends the token of its <c>credentials</c> block or <c>TF_TOKEN_*</c> as <c>Authorization: Bearer</c>.
/// </summary>
internal static class TerraformModuleRegistry
{
    /// <summary>Where the routes below live under the instance level, with the trailing slash discovery promises.</summary>
    public const string ModulesPath = "/api/v4/packages/terraform/modules/v1/";

    private const string Module = "/v1/{moduleNamespace}/{moduleName}/{moduleSystem}";
    private const string Version = Module + "/{moduleVersion}";

    public static void Map(IEndpointRouteBuilder instance)
    {
        instance.MapGetAndHead(Module + "/versions", VersionsAsync);
        instance.MapGetAndHead(Module + "/download", DownloadLatestAsync);
        instance.MapGetAndHead(Module, LatestDetailsAsync);
        instance.MapGetAndHead(Version + "/download", DownloadAsync);
        instance.MapGetAndHead(Version + "/file", FileAsync);
        instance.MapGetAndHead(Version, DetailsAsync);
    }

    private static async Task<IResult> VersionsAsync(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem) =>
        (await FindAsync(context, moduleNamespace, moduleName, moduleSystem, null).ConfigureAwait(false)).Succeeded(out var found, out var failure)
            ? Results.Json(TerraformDocuments.Versions(found.Versions))
            : failure;

    /// <summary>GitLab answers the latest version's download address with a redirect to its versioned route.</summary>
    private static async Task<IResult> DownloadLatestAsync(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem)
    {
        if (!(await FindAsync(context, moduleNamespace, moduleName, moduleSystem, null).ConfigureAwait(false)).Succeeded(out var found, out var failure))
        {
            return failure;
        }

        var latest = TerraformDocuments.Latest(found.Versions) ?? string.Empty;
        return Results.Redirect($"{ModuleUrl(context, moduleNamespace, moduleName, moduleSystem)}/{Uri.EscapeDataString(latest)}/download");
    }

    private static async Task<IResult> LatestDetailsAsync(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem)
    {
        if (!(await FindAsync(context, moduleNamespace, moduleName, moduleSystem, null).ConfigureAwait(false)).Succeeded(out var found, out var failure))
        {
            return failure;
        }

        var latest = TerraformDocuments.Latest(found.Versions) ?? string.Empty;
        return Results.Json(TerraformDocuments.Details(moduleNamespace, found.Module with { Version = latest }, found.Versions, ModuleUrl(context, moduleNamespace, moduleName, moduleSystem)));
    }

    private static async Task<IResult> DetailsAsync(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem, string moduleVersion)
    {
        if (!(await FindAsync(context, moduleNamespace, moduleName, moduleSystem, moduleVersion).ConfigureAwait(false)).Succeeded(out var found, out var failure))
        {
            return failure;
        }

        return found.Find(moduleVersion) is null
            ? ClientErrors.Of(context).NotFound()
            : Results.Json(TerraformDocuments.Details(moduleNamespace, found.Module, found.Versions, ModuleUrl(context, moduleNamespace, moduleName, moduleSystem)));
    }

    /// <summary>204 with <c>X-Terraform-Get</c>: Terraform 1.11 accepts nothing else (not a 200 with <c>location</c>).</summary>
    private static async Task<IResult> DownloadAsync(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem, string moduleVersion)
    {
        if (!(await FindAsync(context, moduleNamespace, moduleName, moduleSystem, moduleVersion).ConfigureAwait(false)).Succeeded(out var found, out var failure))
        {
            return failure;
        }

        if (found.Find(moduleVersion) is not var (project, package)
            || await TerraformArchives.ArchiveOrNullAsync(context, project, package).ConfigureAwait(false) is not { } file)
        {
            return ClientErrors.Of(context).NotFound();
        }

        var fileUrl = $"{ModuleUrl(context, moduleNamespace, moduleName, moduleSystem)}/{Uri.EscapeDataString(moduleVersion)}/file";
        return TerraformArchives.Redirect(context, fileUrl, Resource(moduleNamespace, found.Module), project, file);
    }

    /// <summary>The archive: for Terraform through the grant in its address; for a caller with a credential (curl) as any read.</summary>
    private static async Task<IResult> FileAsync(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem, string moduleVersion)
    {
        if (!ParseAddress(context, moduleNamespace, moduleName, moduleSystem, moduleVersion).Succeeded(out var module, out var invalid))
        {
            return invalid;
        }

        if (TerraformArchives.HasGrant(context))
        {
            return await TerraformArchives.ServeGrantedAsync(context, Resource(moduleNamespace, module), module).ConfigureAwait(false);
        }

        if (!(await FindAsync(context, moduleNamespace, moduleName, moduleSystem, moduleVersion).ConfigureAwait(false)).Succeeded(out var found, out var failure))
        {
            return failure;
        }

        return found.Find(moduleVersion) is var (project, package)
            && await TerraformArchives.ArchiveOrNullAsync(context, project, package).ConfigureAwait(false) is { } file
            ? await TerraformArchives.ServeAsync(context, project, package, file).ConfigureAwait(false)
            : ClientErrors.Of(context).NotFound();
    }

    /// <summary>
    /// Validates the address, authorizes the caller on the namespace's projects, and collects the module's versions in
    /// the projects it may pull from. Nothing found answers 404, or 401 to an anonymous caller refused somewhere, so
    /// that Terraform's message points at the missing credential.
    /// </summary>
    private static async Task<Attempt<TerraformNamespaceModules>> FindAsync(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem, string? moduleVersion)
    {
        if (!ParseAddress(context, moduleNamespace, moduleName, moduleSystem, moduleVersion).Succeeded(out var module, out var invalid))
        {
            return Attempt<TerraformNamespaceModules>.Fail(invalid);
        }

        var errors = ClientErrors.Of(context);
        var notFound = errors.Render(StatusCodes.Status404NotFound, "404 Not Found");
        if (!(await context.AuthorizeGroupProjectsAsync(moduleNamespace, PackageAction.Pull, excludeSubgroups: false, notFound).ConfigureAwait(false)).Succeeded(out var group, out var failure))
        {
            return Attempt<TerraformNamespaceModules>.Fail(failure);
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var packages = new List<(AuthorizedProject, Package)>();
        foreach (var project in group.Allowed)
        {
            foreach (var package in await reader.ListVersionsAsync(project, TerraformFormat.TerraformType, module.PackageName, context.RequestAborted).ConfigureAwait(false))
            {
                packages.Add((project, package));
            }
        }

        if (packages.Count == 0)
        {
            // As at every level above a project: what the caller may not read is not found, or a request for a credential.
            return Attempt<TerraformNamespaceModules>.Fail(group.IsAnonymous ? errors.Unauthorized() : notFound);
        }

        return new TerraformNamespaceModules(moduleNamespace, module, packages);
    }

    /// <summary>What a grant for a namespace address is bound to: the address's own path values.</summary>
    private static string Resource(string moduleNamespace, TerraformModule module) => $"namespace:{moduleNamespace}/{module.Name}/{module.System}/{module.Version}";

    private static string ModuleUrl(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem) =>
        $"{RegistryUrls.Root(context.Request)}{ModulesPath}{Uri.EscapeDataString(moduleNamespace)}/{moduleName}/{moduleSystem}";

    /// <summary>The module an address names, or the 400 that says which part is invalid.</summary>
    private static Attempt<TerraformModule> ParseAddress(HttpContext context, string moduleNamespace, string moduleName, string moduleSystem, string? moduleVersion)
    {
        if (!TerraformParser.IsValidNamespace(moduleNamespace))
        {
            return Attempt<TerraformModule>.Fail(ClientErrors.Of(context).BadRequest("module_namespace is invalid"));
        }

        return TerraformParser.Parse(moduleName, moduleSystem, moduleVersion).Succeeded(out var module, out var invalid)
            ? module
            : Attempt<TerraformModule>.Fail(ClientErrors.Of(context).BadRequest(invalid.Message));
    }
}
