using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.PyPI;

/// <summary>
/// twine's legacy upload API (https://warehouse.pypa.io/api-reference/legacy.html#upload-api) at GitLab's
/// <c>POST /api/v4/projects/{id}/packages/pypi</c>: the distribution streams to the blob store while its digests are
/// computed, and a wheel's METADATA is kept beside it for PEP 658.
/// </summary>
internal static partial class PyPIUploads
{
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;

    public static async Task<IResult> UploadAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        // The format's own limit is enforced while streaming.
        RequestBody.LiftServerLimit(context);

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<PyPIOptions>>().Value;
        return await MultipartForm.GuardAsync(context, async () =>
        {
            var (form, formError) = await StreamedUploadForm.ReadAsync(context.Request, options.Limits, static (name, _) => name == "content", "the upload has no content part (the distribution file)", context.RequestAborted).ConfigureAwait(false);
            if (form is null)
            {
                return Errors.BadRequest(formError ?? "the upload form is invalid");
            }

            if (PyPIUpload.ValidateOrNull(form, out var upload) is { } invalid)
            {
                return Errors.BadRequest(invalid);
            }

            return await PublishAsync(context, project, options, form, upload).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task<IResult> PublishAsync(HttpContext context, AuthorizedProject project, PyPIOptions options, StreamedUploadForm form, PyPIUpload upload)
    {
        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        using var content = new DigestingStream(form.Content);
        PyPICoreMetadata? metadata = null;
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = PyPIFormat.PyPIType,
            Name = upload.Name,
            Version = upload.Version,
            FileName = upload.File.Value,
            MaxBytes = options.MaxFileSizeBytes,
            Duplicates = DuplicateRule.RejectSameFileName,
            DuplicatesAllowedByDefault = options.DuplicatesAllowed,
            Inspect = async (written, cancellationToken) =>
            {
                var (inspection, parsed) = await upload.InspectAsync(written, content, options.MaxUncompressedBytes, options.Limits, cancellationToken).ConfigureAwait(false);
                if (parsed is null)
                {
                    return inspection;
                }

                metadata = parsed;
                var existing = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, PyPIFormat.PyPIType, upload.Name, upload.Version), cancellationToken).ConfigureAwait(false);
                return new ContentInspection { Metadata = PyPIPackageMetadata.FromJsonOrEmpty(existing?.Metadata).WithFile(upload.File.Value, parsed).ToJson() };
            },
        }, content, context.RequestAborted).ConfigureAwait(false);

        switch (result.Outcome)
        {
            case PublishOutcome.Published:
                if (upload.File.IsWheel && metadata is not null)
                {
                    await PublishCoreMetadataAsync(context, publisher, project, upload, metadata).ConfigureAwait(false);
                }

                return Errors.Render(StatusCodes.Status201Created, "201 Created");
            case PublishOutcome.TooLarge:
                return Errors.Render(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large - " + result.Error);
            case PublishOutcome.Duplicate:
                // Twine's --skip-existing looks for "already exist" in a 400's text.
                return Errors.BadRequest($"File already exists: {upload.File.Value} (a file of that name was uploaded to {upload.Name} {upload.Version} before)");
            default:
                return Errors.BadRequest(result.Error ?? "the distribution is invalid");
        }
    }

    /// <summary>
    /// Keeps the wheel's METADATA as a second file of the release, <c>{wheel}.metadata</c>, served at the wheel's URL plus
    /// <c>.metadata</c> (PEP 658), so pip resolves without downloading wheels. It is written after the wheel: if it
    /// fails, the wheel is still served, only without the metadata file.
    /// </summary>
    private static async Task PublishCoreMetadataAsync(HttpContext context, PackagePublisher publisher, AuthorizedProject project, PyPIUpload upload, PyPICoreMetadata metadata)
    {
        using var bytes = new MemoryStream(metadata.Raw, writable: false);
        var companion = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = PyPIFormat.PyPIType,
            Name = upload.Name,
            Version = upload.Version,
            FileName = upload.File.Value + PyPIFileName.MetadataSuffix,
            MaxBytes = PyPIParser.MaxMetadataBytes,
            Duplicates = DuplicateRule.Allow,
        }, bytes, context.RequestAborted).ConfigureAwait(false);
        if (companion.Outcome != PublishOutcome.Published)
        {
            LogMetadataNotStored(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PyPIUploads)), upload.File.Value, companion.Error);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PEP 658 metadata file of {FileName} was not stored: {Error}")]
    private static partial void LogMetadataNotStored(ILogger logger, string fileName, string? error);
}
