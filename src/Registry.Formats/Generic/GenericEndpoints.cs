using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Formats.Http;

namespace Registry.Formats.Generic;

/// <summary>
/// GitLab's generic packages API (https://docs.gitlab.com/ee/user/packages/generic_packages/):
/// <c>PUT</c> and <c>GET /api/v4/projects/{id}/packages/generic/{package_name}/{package_version}/{file_name}</c>.
/// </summary>
internal static class GenericEndpoints
{
    private const string FileRoute = "/{packageName}/{packageVersion}/{fileName}";

    public static void Map(IEndpointRouteBuilder project)
    {
        project.MapPut(FileRoute, PublishAsync);
        project.MapGetAndHead(FileRoute, DownloadAsync);
    }

    private static async Task<IResult> PublishAsync(HttpContext context, string id, string packageName, string packageVersion, string fileName, string? status, string? select)
    {
        if (GenericParser.Validate(packageName, packageVersion, fileName) is { } invalid)
        {
            return Error(StatusCodes.Status400BadRequest, invalid);
        }

        var packageStatus = status switch
        {
            null or "default" => PackageStatus.Default,
            "hidden" => PackageStatus.Hidden,
            _ => (PackageStatus?)null,
        };
        if (packageStatus is null)
        {
            return Error(StatusCodes.Status400BadRequest, "status does not have a valid value");
        }

        if (select is not null and not "package_file")
        {
            return Error(StatusCodes.Status400BadRequest, "select does not have a valid value");
        }

        var access = await context.AuthorizeProjectAsync(id, PackageAction.Publish).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return RegistryResults.Denied(access.Decision);
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<GenericOptions>>().Value;
        if (context.Request.ContentLength > options.MaxFileSizeBytes)
        {
            return RegistryResults.Message(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // The server-wide default (30 MB in Kestrel) would cut large artifacts; the format's own limit is enforced while streaming.
            bodySize.MaxRequestBodySize = null;
        }

        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        PublishResult result;
        try
        {
            result = await publisher.PublishAsync(project, new PublishRequest
            {
                Type = PackageType.Generic,
                Name = packageName,
                Version = packageVersion,
                FileName = fileName,
                MaxBytes = options.MaxFileSizeBytes,
                Status = packageStatus.Value,
                Duplicates = options.DuplicatesAllowed ? DuplicateRule.Allow : DuplicateRule.RejectSameFileName,
            }, context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // A truncated or malformed body: the publisher has already discarded the temporary blob.
            return Error(ex.StatusCode, ex.Message);
        }

        return result.Outcome switch
        {
            PublishOutcome.Published when select == "package_file" && result.File is { } file =>
                Results.Json(GenericDocuments.PackageFile(file, context.Request.Path), statusCode: StatusCodes.Status201Created),
            PublishOutcome.Published => RegistryResults.Message(StatusCodes.Status201Created, "201 Created"),
            PublishOutcome.TooLarge => RegistryResults.Message(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large"),
            PublishOutcome.Duplicate => RegistryResults.Message(StatusCodes.Status403Forbidden, "403 Forbidden - Duplicate package is not allowed"),
            _ => Error(StatusCodes.Status400BadRequest, result.Error ?? "file is invalid"),
        };
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string packageName, string packageVersion, string fileName)
    {
        if (GenericParser.Validate(packageName, packageVersion, fileName) is { } invalid)
        {
            return Error(StatusCodes.Status400BadRequest, invalid);
        }

        var access = await context.AuthorizeProjectAsync(id, PackageAction.Pull).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return RegistryResults.Denied(access.Decision);
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var download = await reader.OpenFileOrNullAsync(project, PackageType.Generic, packageName, packageVersion, fileName, context.RequestAborted).ConfigureAwait(false);
        if (download is null)
        {
            return RegistryResults.Message(StatusCodes.Status404NotFound, "404 Package Not Found");
        }

        context.Response.Headers["X-Checksum-SHA256"] = download.File.Sha256;
        return RegistryResults.File(download, download.File.FileName);
    }

    private static IResult Error(int statusCode, string error) => Results.Json(new { error }, statusCode: statusCode);
}
