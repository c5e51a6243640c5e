using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Go;

/// <summary>
/// The SDK's upload of a module zip, <c>PUT /api/v4/projects/{id}/packages/go/upload</c> with the zip as the body.
/// GitLab builds Go modules from repository tags, which a registry without repositories cannot; the zip is the one the
/// go command downloads (https://go.dev/ref/mod#zip-files), and its <c>module@version/</c> prefix names the module and
/// version. The body streams to the blob store, is checked there (<see cref="GoParser"/>) and is committed only if it
/// passes; versions are immutable, as go.sum and the checksum database assume.
/// </summary>
internal static class GoPublishing
{
    private static readonly GoErrorShape Errors = GoErrorShape.Instance;

    public static async Task<IResult> UploadAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<GoOptions>>().Value;
        if (RequestBody.RefuseOrLiftLimit(context, options.MaxZipBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        ParseError? refused = null;
        PublishResult result;
        try
        {
            result = await publisher.PublishAsync(project, new PublishRequest
            {
                Type = GoFormat.GolangType,
                // The zip names the module and version; the inspection below supplies both.
                Name = string.Empty,
                Version = string.Empty,
                FileName = string.Empty,
                MaxBytes = options.MaxZipBytes,
                Duplicates = DuplicateRule.RejectExistingPackage,
                Inspect = async (written, cancellationToken) =>
                {
                    var parsed = await SeekableContent.ReadAsync(written, zip => GoParser.Parse(zip, options.MaxZipBytes, options.MaxZipEntries), cancellationToken).ConfigureAwait(false);
                    if (!parsed.Succeeded(out var module, out var error))
                    {
                        refused = error;
                        return ContentInspection.Refused(error.Message);
                    }

                    return new ContentInspection { Name = module.ModulePath, Version = module.Version, FileName = module.FileName };
                },
            }, context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // A truncated or malformed body: the publisher has already discarded the temporary blob.
            return Errors.UnreadableBody(ex);
        }

        return result.Outcome switch
        {
            PublishOutcome.Published when result.Package is { } package =>
                Errors.Render(StatusCodes.Status201Created, $"201 Created - {package.Name}@{package.Version}"),
            PublishOutcome.TooLarge => Errors.Render(StatusCodes.Status413PayloadTooLarge, $"413 Request Entity Too Large - the limit is {options.MaxZipBytes} bytes"),
            PublishOutcome.Duplicate when result.Package is { } existing => Errors.Render(
                StatusCodes.Status409Conflict,
                $"409 Conflict - {existing.Name}@{existing.Version} exists; a Go module version never changes once published (go.sum pins its hash)"),
            PublishOutcome.Empty => Errors.BadRequest("the body is empty; send the module zip"),
            _ when refused is { StatusCode: StatusCodes.Status413PayloadTooLarge } => Errors.Render(refused.StatusCode, "413 Request Entity Too Large - " + refused.Message),
            _ => Errors.BadRequest(refused?.Message ?? result.Error ?? "the module zip is invalid"),
        };
    }
}
