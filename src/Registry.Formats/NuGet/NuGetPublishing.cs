using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Core.Updating;
using Registry.Formats.Protocol;

namespace Registry.Formats.NuGet;

/// <summary>
/// The NuGet writes at GitLab's project route: push (<c>PUT v2/package</c>, multipart; https://learn.microsoft.com/nuget/api/package-publish-resource),
/// delete, which unlists or deletes as configured, and relist.
/// </summary>
internal static class NuGetPublishing
{
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;

    public static async Task<IResult> PushAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<NuGetOptions>>().Value;
        RequestBody.LiftServerLimit(context);

        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        PublishResult result;
        try
        {
            var content = await OpenPackagePartOrNullAsync(context.Request).ConfigureAwait(false);
            if (content is null)
            {
                return Errors.BadRequest("the multipart body has no package part");
            }

            result = await publisher.PublishAsync(project, new PublishRequest
            {
                Type = NuGetFormat.NuGetType,
                Name = "package",
                Version = "0.0.0",
                FileName = "package.nupkg",
                MaxBytes = options.MaxFileSizeBytes,
                Duplicates = DuplicateRule.RejectExistingPackage,
                DuplicatesAllowedByDefault = options.DuplicatesAllowed,
                Inspect = (stream, cancellationToken) => InspectAsync(stream, options, cancellationToken),
            }, content, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return Errors.UnreadableBody(ex);
        }
        catch (InvalidDataException ex)
        {
            // A malformed multipart body.
            return Errors.BadRequest(ex.Message);
        }

        return result.Outcome switch
        {
            PublishOutcome.Published => Errors.Render(StatusCodes.Status201Created, "201 Created"),
            PublishOutcome.TooLarge => Errors.Render(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large"),
            PublishOutcome.Duplicate => Errors.Render(StatusCodes.Status409Conflict, "409 Conflict - the package version already exists"),
            _ => Errors.BadRequest(result.Error ?? "the package is invalid"),
        };
    }

    /// <summary>The first part of a multipart body (what <c>dotnet nuget push</c> sends), streamed; or the raw body.</summary>
    internal static async Task<Stream?> OpenPackagePartOrNullAsync(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return request.Body;
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            throw new InvalidDataException("the multipart body has no boundary");
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var section = await reader.ReadNextSectionAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        return section?.Body;
    }

    private static async Task<ContentInspection> InspectAsync(Stream written, NuGetOptions options, CancellationToken cancellationToken)
    {
        var parsed = await SeekableContent.ReadAsync(written, seekable => NuGetParser.Parse(seekable, options.MaxUncompressedBytes, options.Limits.MaxArchiveEntries), cancellationToken).ConfigureAwait(false);
        return parsed.Succeeded(out var metadata, out var error)
            ? new ContentInspection { Name = metadata.Id, Version = metadata.Version, FileName = NuGetEndpoints.PackageFileName(metadata.Id, metadata.Version), Metadata = metadata.ToJson() }
            : ContentInspection.Refused(error.Message);
    }

    public static async Task<IResult> DeleteAsync(HttpContext context, string id, string packageId, string version)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Delete).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<NuGetOptions>>().Value;
        if (options.DeleteBehavior == NuGetDeleteBehavior.Delete)
        {
            var store = context.RequestServices.GetRequiredService<IPackageStore>();
            var package = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, NuGetFormat.NuGetType, packageId, version), context.RequestAborted).ConfigureAwait(false);
            var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
            return package is not null && await deleter.DeletePackageAsync(project, package.Id, context.RequestAborted).ConfigureAwait(false)
                ? Results.NoContent()
                : Errors.NotFound();
        }

        // The unlist finds the version itself, inside its transaction.
        return await SetListedAsync(context, project, packageId, version, listed: false).ConfigureAwait(false) ? Results.NoContent() : Errors.NotFound();
    }

    public static async Task<IResult> RelistAsync(HttpContext context, string id, string packageId, string version)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Delete).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        return await SetListedAsync(context, project, packageId, version, listed: true).ConfigureAwait(false)
            ? Errors.Render(StatusCodes.Status200OK, "200 OK")
            : Errors.NotFound();
    }

    /// <summary>
    /// Unlists (hides) or relists a version through Core's <see cref="PackageUnlister"/>: one transaction on the status,
    /// which is the only record of "listed", so concurrent unlists and relists leave every document agreeing.
    /// </summary>
    private static async Task<bool> SetListedAsync(HttpContext context, AuthorizedProject project, string packageId, string version, bool listed)
    {
        var unlister = context.RequestServices.GetRequiredService<PackageUnlister>();
        return (await unlister.SetListedAsync(project, NuGetFormat.NuGetType, packageId, version, listed, context.RequestAborted).ConfigureAwait(false)).Found;
    }
}
