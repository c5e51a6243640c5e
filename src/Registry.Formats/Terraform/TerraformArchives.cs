using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Terraform;

/// <summary>
/// The module archive behind <c>X-Terraform-Get</c>. Terraform fetches that address (HEAD, then GET) with no credential
/// (hashicorp/terraform#28659), so the address carries a <see cref="SignedGrants"/> grant in <c>?token=</c> for the one
/// file it names, signed for the route's own path values; the caller's token never goes into a URL.
/// </summary>
internal static class TerraformArchives
{
    private const string Purpose = "terraform-module-archive";
    private const string TokenParameter = "token";

    /// <summary>
    /// Answers 204 with <c>X-Terraform-Get</c>: <paramref name="fileUrl"/> with a grant for <paramref name="file"/> of
    /// <paramref name="project"/> bound to <paramref name="resource"/>, and <c>archive=tgz</c> for go-getter.
    /// </summary>
    public static IResult Redirect(HttpContext context, string fileUrl, string resource, AuthorizedProject project, PackageFile file)
    {
        var grants = context.RequestServices.GetRequiredService<SignedGrants>();
        var grant = grants.Issue(Purpose, resource, string.Create(CultureInfo.InvariantCulture, $"{project.Project.Id}-{file.Id}"));
        context.Response.Headers["X-Terraform-Get"] = $"{fileUrl}?{TokenParameter}={Uri.EscapeDataString(grant)}&archive=tgz";
        return Results.NoContent();
    }

    /// <summary>Whether the request carries a grant (then <see cref="ServeGrantedAsync"/> answers it, whatever credential came with it).</summary>
    public static bool HasGrant(HttpContext context) => context.Request.Query.ContainsKey(TokenParameter);

    /// <summary>Serves the file a grant names, after checking it is for <paramref name="resource"/>, unexpired and this registry's.</summary>
    public static async Task<IResult> ServeGrantedAsync(HttpContext context, string resource, TerraformModule module)
    {
        var grants = context.RequestServices.GetRequiredService<SignedGrants>();
        var errors = ClientErrors.Of(context);
        switch (grants.Verify(Purpose, resource, context.Request.Query[TokenParameter].ToString(), out var subject))
        {
            case GrantVerdict.Valid:
                break;
            case GrantVerdict.Expired:
                return errors.Render(StatusCodes.Status403Forbidden, "403 Forbidden - the download link has expired; run terraform init again for a new one");
            default:
                return errors.Render(StatusCodes.Status403Forbidden, "403 Forbidden - the download link is not valid for this module version");
        }

        var ids = subject.Split('-');
        if (ids.Length != 2 || !long.TryParse(ids[0], CultureInfo.InvariantCulture, out var projectId) || !long.TryParse(ids[1], CultureInfo.InvariantCulture, out var fileId))
        {
            return errors.Render(StatusCodes.Status403Forbidden, "403 Forbidden - the download link is not valid for this module version");
        }

        var access = context.RequestServices.GetRequiredService<ProjectAccessService>();
        var granted = await access.AuthorizeSignedPullAsync(projectId, context.RequestAborted).ConfigureAwait(false);
        if (granted.Project is not { } project)
        {
            return errors.Denied(granted.Decision);
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var package = await reader.FindPackageOrNullAsync(project, TerraformFormat.TerraformType, module.PackageName, module.Version, context.RequestAborted).ConfigureAwait(false);
        var file = package is null
            ? null
            : (await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false)).FirstOrDefault(f => f.Id == fileId);

        // A file deleted (or a version deleted and published again) since the grant was signed is gone for the grant too.
        return package is null || file is null ? errors.NotFound() : await ServeAsync(context, project, package, file).ConfigureAwait(false);
    }

    /// <summary>The newest file of a module version, or null when it has none.</summary>
    public static async Task<PackageFile?> ArchiveOrNullAsync(HttpContext context, AuthorizedProject project, Package package)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var files = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
        return files.Count == 0 ? null : files[^1];
    }

    /// <summary>Sends an archive's bytes (ranges, HEAD, the SHA-256 as ETag) as <c>application/gzip</c>.</summary>
    public static async Task<IResult> ServeAsync(HttpContext context, AuthorizedProject project, Package package, PackageFile file)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var download = await reader.OpenFileOrNullAsync(project, package, file, context.RequestAborted).ConfigureAwait(false);
        return download is null
            ? ClientErrors.Of(context).NotFound()
            : RegistryResults.Download(context, download, download.File.FileName, "application/gzip");
    }
}
