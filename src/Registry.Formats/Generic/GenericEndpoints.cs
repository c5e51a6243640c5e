using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Generic;

/// <summary>
/// GitLab's generic packages API (https://docs.gitlab.com/ee/user/packages/generic_packages/):
/// <c>PUT</c> and <c>GET /api/v4/projects/{id}/packages/generic/{package_name}/{package_version}/{file_name}</c>.
/// </summary>
internal static class GenericEndpoints
{
    private static readonly GenericErrorShape Errors = GenericErrorShape.Instance;
    // A catch-all, since GitLab's file names may hold a directory structure (a/b/file.bin).
    private const string FileRoute = "/{packageName}/{packageVersion}/{**fileName}";

    public static void Map(IEndpointRouteBuilder project)
    {
        project.MapPut(FileRoute, PublishAsync);
        project.MapGetAndHead(FileRoute, DownloadAsync);
    }

    private static async Task<IResult> PublishAsync(HttpContext context, string id, string packageName, string packageVersion, string fileName, string? status, string? select)
    {
        if (!GenericParser.Parse(packageName, packageVersion, fileName).Succeeded(out _, out var invalid))
        {
            return Errors.BadRequest(invalid.Message);
        }

        var packageStatus = status switch
        {
            null or "default" => PackageStatus.Default,
            "hidden" => PackageStatus.Hidden,
            _ => (PackageStatus?)null,
        };
        if (packageStatus is null)
        {
            return Errors.BadRequest("status does not have a valid value");
        }

        if (select is not null and not "package_file")
        {
            return Errors.BadRequest("select does not have a valid value");
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<GenericOptions>>().Value;
        if (RequestBody.RefuseOrLiftLimit(context, options.MaxFileSizeBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        PublishResult result;
        try
        {
            result = await publisher.PublishAsync(project, new PublishRequest
            {
                Type = GenericFormat.GenericType,
                Name = packageName,
                Version = packageVersion,
                FileName = fileName,
                MaxBytes = options.MaxFileSizeBytes,
                Status = packageStatus.Value,
                Duplicates = DuplicateRule.RejectSameFileName,
                DuplicatesAllowedByDefault = options.DuplicatesAllowed,
            }, context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // A truncated or malformed body: the publisher has already discarded the temporary blob.
            return Errors.UnreadableBody(ex);
        }

        return result.Outcome switch
        {
            PublishOutcome.Published when select == "package_file" && result.File is { } file =>
                GitLabJson.Result(GenericDocuments.PackageFile(file, context.Request.Path), statusCode: StatusCodes.Status201Created),
            PublishOutcome.Published => Errors.Render(StatusCodes.Status201Created, "201 Created"),
            PublishOutcome.TooLarge => Errors.Render(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large"),
            PublishOutcome.Duplicate => Errors.Render(StatusCodes.Status403Forbidden, "403 Forbidden - Duplicate package is not allowed"),
            _ => Errors.BadRequest(result.Error ?? "file is invalid"),
        };
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string packageName, string packageVersion, string fileName)
    {
        if (!GenericParser.Parse(packageName, packageVersion, fileName).Succeeded(out _, out var invalid))
        {
            return Errors.BadRequest(invalid.Message);
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Pull).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var download = await reader.OpenFileOrNullAsync(project, GenericFormat.GenericType, packageName, packageVersion, fileName, context.RequestAborted).ConfigureAwait(false);
        if (download is null)
        {
            return Errors.Render(StatusCodes.Status404NotFound, "404 Package Not Found");
        }

        context.Response.Headers["X-Checksum-SHA256"] = download.File.Sha256;
        // The download is named after the last segment: a client saves "tool", not "linux/amd64/tool".
        return RegistryResults.Download(context, download, download.File.FileName[(download.File.FileName.LastIndexOf('/') + 1)..]);
    }
}
