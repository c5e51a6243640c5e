using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Locating;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Terraform;

/// <summary>
/// <c>PUT /api/v4/projects/:id/packages/terraform/modules/:module_name/:module_system/:module_version/file</c> with the
/// archive as the body, as GitLab's docs and CI template send it with curl
/// (https://docs.gitlab.com/ee/user/packages/terraform_module_registry/#publish-a-terraform-module). GitLab's rules: a
/// version already in the project is refused (403), and so is a name another project of the top-level group holds,
/// unless the group's <c>terraform_module_duplicates_allowed</c> (or its exception regex) allows it.
/// </summary>
internal static class TerraformPublishing
{
    public static async Task<IResult> PublishAsync(HttpContext context, string id, string moduleName, string moduleSystem, string moduleVersion)
    {
        var errors = ClientErrors.Of(context);
        if (!TerraformParser.Parse(moduleName, moduleSystem, moduleVersion).Succeeded(out var module, out var invalid))
        {
            return errors.BadRequest(invalid.Message);
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<TerraformOptions>>().Value;
        if (RequestBody.RefuseOrLiftLimit(context, options.MaxFileSizeBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        var type = TerraformFormat.TerraformType;
        var duplicates = context.RequestServices.GetRequiredService<DuplicatePolicy>();
        var locator = context.RequestServices.GetRequiredService<PackageLocator>();
        if (!await duplicates.AllowsDuplicateAsync(project.Project, type, module.PackageName, module.Version, options.DuplicatesAllowed, context.RequestAborted).ConfigureAwait(false)
            && await locator.IsNameInAnotherProjectOfTopLevelGroupAsync(project.Project, type, module.PackageName, context.RequestAborted).ConfigureAwait(false))
        {
            return errors.Render(StatusCodes.Status403Forbidden, "A package with the same name already exists in the namespace");
        }

        ParseError? refusal = null;
        PublishResult result;
        try
        {
            result = await context.RequestServices.GetRequiredService<PackagePublisher>().PublishAsync(project, new PublishRequest
            {
                Type = type,
                Name = module.PackageName,
                Version = module.Version,
                FileName = module.FileName,
                MaxBytes = options.MaxFileSizeBytes,
                // The group's duplicate setting is about the name across projects (checked above); a version is never published twice in a project.
                Duplicates = DuplicateRule.RejectExistingPackage,
                Inspect = async (archive, cancellationToken) =>
                {
                    refusal = await TerraformParser.InspectArchiveAsync(archive, options.MaxUncompressedBytes, options.MaxEntries, cancellationToken).ConfigureAwait(false);
                    return refusal is null ? ContentInspection.Accepted : ContentInspection.Refused(refusal.Message);
                },
            }, context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // A truncated or malformed body: the publisher has already discarded the temporary blob.
            return errors.UnreadableBody(ex);
        }

        return result.Outcome switch
        {
            PublishOutcome.Published => errors.Render(StatusCodes.Status201Created, "201 Created"),
            PublishOutcome.TooLarge => errors.TooLarge(options.MaxFileSizeBytes),
            PublishOutcome.Duplicate => errors.Render(StatusCodes.Status403Forbidden, "Package version already exists."),
            PublishOutcome.Invalid when refusal is { StatusCode: StatusCodes.Status413PayloadTooLarge } => errors.Render(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large - " + refusal.Message),
            _ => errors.BadRequest(result.Error ?? "file is invalid"),
        };
    }
}
