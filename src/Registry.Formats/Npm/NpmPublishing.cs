using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Deleting;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>
/// The writes of GitLab's npm API at the project level (https://docs.gitlab.com/ee/api/packages/npm.html): <c>npm publish</c>
/// (a PUT whose tarball streams to the blob store as it is decoded), the PUT without attachments that deprecates and
/// moves dist-tags, and <c>npm unpublish</c>.
/// </summary>
internal static class NpmPublishing
{
    private static readonly NpmErrorShape Errors = NpmErrorShape.Instance;

    public static async Task<IResult> PutAsync(HttpContext context, string name, bool isRevision)
    {
        if (!NpmParser.IsValidName(name))
        {
            return Errors.BadRequest("package name is invalid");
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(NpmEndpoints.Id(context), PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<NpmOptions>>().Value;
        if (RequestBody.RefuseOrLiftLimit(context, options.MaxDocumentSizeBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        using var scanner = new NpmDocumentScanner(context.Request.Body, options.MaxDocumentSizeBytes, (int)Math.Min(options.MaxMetadataSizeBytes, options.MaxDocumentSizeBytes));
        try
        {
            // The tarball streams to the blob store as it is decoded; the rest of the document is checked once it is all read.
            if (await scanner.HasAttachmentDataAsync(context.RequestAborted).ConfigureAwait(false))
            {
                return await PublishAsync(context, project, scanner, name, options).ConfigureAwait(false);
            }
        }
        catch (NpmDocumentException ex)
        {
            return Errors.Render(ex.StatusCode, ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            return Errors.UnreadableBody(ex);
        }

        if (!NpmParser.ParseUploadedObject(scanner.Metadata, options.Limits, "the body").Succeeded(out var document, out var invalid))
        {
            return Errors.BadRequest(invalid.Message);
        }

        if (!NpmParser.HasAttachments(document))
        {
            return await NpmDocumentUpdate.UpdateAsync(context, project, document, name, isRevision).ConfigureAwait(false);
        }

        // Attachments without any bytes: refused with the first thing wrong with the document.
        return NpmParser.ParseUpload(document, name, tarball: null).Succeeded(out _, out var error)
            ? Errors.BadRequest("attachment data is missing")
            : Errors.Render(error.StatusCode, error.Message);
    }

    private static async Task<IResult> PublishAsync(HttpContext context, AuthorizedProject project, NpmDocumentScanner scanner, string name, NpmOptions options)
    {
        NpmUpload? upload = null;
        var duplicate = false;
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = NpmFormat.NpmType,
            Name = name,

            // The version is known once the whole document is read; the inspection below gives it.
            Version = string.Empty,
            FileName = name,
            MaxBytes = options.MaxDocumentSizeBytes,
            Duplicates = DuplicateRule.RejectExistingPackage,
            Inspect = async (written, cancellationToken) =>
            {
                var inspection = InspectUpload(scanner, written, name, options, project.Principal.DisplayName, out upload);
                if (upload is null)
                {
                    return inspection;
                }

                // A known duplicate is refused before its blob is committed, so it leaves nothing; the insert stays the real
                // guard, and the only one for a token that may publish but not read.
                duplicate = project.Allows(PackageAction.View)
                    && await reader.FindPackageOrNullAsync(project, NpmFormat.NpmType, upload.Name, upload.Version, cancellationToken).ConfigureAwait(false) is not null;
                return duplicate ? ContentInspection.Refused("duplicate") : inspection;
            },
        }, new NpmAttachmentStream(scanner), context.RequestAborted).ConfigureAwait(false);

        switch (result.Outcome)
        {
            case PublishOutcome.Published when upload is not null:
                await NpmDistTags.MoveTagsAsync(context, project, upload.Name, upload.Version, upload.Tags).ConfigureAwait(false);
                return Results.Json(new { ok = true, id = upload.Name }, statusCode: StatusCodes.Status201Created);
            case PublishOutcome.Duplicate when upload is not null:
            case PublishOutcome.Invalid when duplicate && upload is not null:
                return Errors.Render(StatusCodes.Status409Conflict, $"Cannot publish over the previously published version {upload.Version}.");
            case PublishOutcome.TooLarge:
                return Errors.Render(StatusCodes.Status413PayloadTooLarge, result.Error ?? "the tarball is too large");
            default:
                return Errors.BadRequest(result.Error ?? "the tarball is invalid");
        }
    }

    /// <summary>Checks the whole document, now read, against the tarball written to the temp blob.</summary>
    /// <remarks>
    /// The publisher is recorded in the manifest as <c>_npmUser</c>, as the public registry records it (a client's own
    /// <c>_npmUser</c> is replaced), so that the packument can list its <c>maintainers</c>.
    /// </remarks>
    private static ContentInspection InspectUpload(NpmDocumentScanner scanner, Stream written, string name, NpmOptions options, string? publisher, out NpmUpload? upload)
    {
        upload = null;
        if (!NpmParser.ParseUploadedObject(scanner.Metadata, options.Limits, "the body").Succeeded(out var document, out var invalid))
        {
            return ContentInspection.Refused(invalid.Message);
        }

        if (!NpmParser.ParseUpload(document, name, scanner.Attachment).Succeeded(out var parsed, out var error))
        {
            return ContentInspection.Refused(error.Message);
        }

        if (NpmParser.InspectTarball(written, parsed.Name, parsed.Version, options) is { } tarError)
        {
            return ContentInspection.Refused(tarError);
        }

        upload = parsed;
        var manifest = parsed.Manifest;
        manifest.Remove(NpmDocuments.PublisherField);
        if (publisher is not null)
        {
            manifest[NpmDocuments.PublisherField] = new System.Text.Json.Nodes.JsonObject { ["name"] = publisher };
        }

        return new ContentInspection { Name = parsed.Name, Version = parsed.Version, FileName = parsed.FileName, Metadata = manifest.ToJsonString() };
    }

    public static async Task<IResult> UnpublishAllAsync(HttpContext context, string name)
    {
        if (!NpmParser.IsValidName(name))
        {
            return Errors.NotFound();
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(NpmEndpoints.Id(context), PackageAction.Delete).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var versions = await NpmEndpoints.ListAsync(context, project, name).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            return Errors.NotFound();
        }

        var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
        foreach (var package in versions)
        {
            await deleter.DeletePackageAsync(project, package.Id, context.RequestAborted).ConfigureAwait(false);
        }

        return Results.Json(new { ok = true });
    }

    /// <summary>The last step of npm's one-version unpublish; the version is usually gone already (the PUT removed it).</summary>
    public static async Task<IResult> UnpublishVersionAsync(HttpContext context, string name, string file)
    {
        if (!NpmParser.IsValidName(name) || NpmEndpoints.VersionOfFile(name, file) is not { } version)
        {
            return Errors.NotFound();
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(NpmEndpoints.Id(context), PackageAction.Delete).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var package = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, NpmFormat.NpmType, name, version), context.RequestAborted).ConfigureAwait(false);
        if (package is not null)
        {
            var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
            await deleter.DeletePackageAsync(project, package.Id, context.RequestAborted).ConfigureAwait(false);
        }

        return Results.Json(new { ok = true });
    }
}
