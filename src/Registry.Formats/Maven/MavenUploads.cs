using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Maven;

/// <summary>
/// Maven deploys (<c>PUT</c> of repository paths, https://docs.gitlab.com/ee/api/packages/maven.html#upload-a-package-file):
/// files are stored verbatim; a client's <c>maven-metadata.xml</c> and checksum files are checked, not stored, since the
/// registry generates metadata and serves the checksums of what it stored.
/// </summary>
internal static class MavenUploads
{
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;
    private const int MaxChecksumBytes = 1024;
    private const int MaxMetadataBytes = 4 * 1024 * 1024;

    public static async Task<IResult> UploadAsync(HttpContext context, string id, string? path)
    {
        if (!MavenParser.ParsePath(path).Succeeded(out var maven, out var invalid))
        {
            return Errors.BadRequest(invalid.Message);
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        try
        {
            if (maven.Checksum is { } checksum)
            {
                return await VerifyChecksumAsync(context, project, maven, checksum).ConfigureAwait(false);
            }

            if (maven.IsMetadata)
            {
                return await AcceptMetadataAsync(context, maven).ConfigureAwait(false);
            }

            return await PublishAsync(context, project, maven).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // A truncated or oversized body: the publisher has already discarded the temporary blob.
            return Errors.UnreadableBody(ex);
        }
    }

    private static async Task<IResult> PublishAsync(HttpContext context, AuthorizedProject project, MavenPath maven)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<MavenOptions>>().Value;
        if (RequestBody.RefuseOrLiftLimit(context, options.MaxFileSizeBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        var version = maven.Version ?? throw new InvalidOperationException("a file path always has a version");
        var isPom = maven.FileName.EndsWith(".pom", StringComparison.Ordinal);
        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = MavenFormat.MavenType,
            Name = maven.PackageName,
            Version = version,
            FileName = maven.FileName,
            MaxBytes = options.MaxFileSizeBytes,
            // SNAPSHOTs may always be re-deployed; a release file follows the group's maven_duplicates_allowed settings.
            Duplicates = MavenParser.IsSnapshot(version) ? DuplicateRule.Allow : DuplicateRule.RejectSameFileName,
            DuplicatesAllowedByDefault = MavenParser.IsSnapshot(version) ? null : options.DuplicatesAllowed,
            Metadata = MetadataJson(maven, version),
            Inspect = isPom
                ? (stream, _) => Task.FromResult(MavenParser.ValidatePom(stream, maven.ArtifactId, options.Limits) is { } error
                    ? ContentInspection.Refused(error)
                    : ContentInspection.Accepted)
                : null,
        }, context.Request.Body, context.RequestAborted).ConfigureAwait(false);

        return result.Outcome switch
        {
            PublishOutcome.Published => Errors.Render(StatusCodes.Status201Created, "201 Created"),
            PublishOutcome.TooLarge => Errors.Render(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large"),
            PublishOutcome.Duplicate => Errors.BadRequest("Duplicate package is not allowed"),
            _ => Errors.BadRequest(result.Error ?? "the file is invalid"),
        };
    }

    /// <summary>GitLab's per-package Maven metadata (<c>app_group</c>, <c>app_name</c>, <c>app_version</c>, <c>path</c>).</summary>
    private static string MetadataJson(MavenPath maven, string version) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["app_group"] = maven.GroupId,
        ["app_name"] = maven.ArtifactId,
        ["app_version"] = version,
        ["path"] = maven.PackageName + "/" + version,
    });

    /// <summary>
    /// A client's own <c>maven-metadata.xml</c>: checked (well-formed, no DTD, about this artifact) but not stored,
    /// because the registry generates metadata from what was uploaded (and serves the checksums of what it generates).
    /// </summary>
    private static async Task<IResult> AcceptMetadataAsync(HttpContext context, MavenPath maven)
    {
        if (!(await RequestBody.ReadSmallAsync(context, MaxMetadataBytes).ConfigureAwait(false)).Succeeded(out var body, out var failure))
        {
            return failure;
        }

        using var stream = new MemoryStream(body, writable: false);
        return MavenParser.ValidateMetadata(stream, maven, context.RequestServices.GetRequiredService<IOptionsSnapshot<MavenOptions>>().Value.Limits) is { } error ? Errors.BadRequest(error) : Errors.Render(StatusCodes.Status201Created, "201 Created");
    }

    /// <summary>
    /// An uploaded checksum file is compared with the digest computed when the file was stored: a match answers 204 and
    /// stores nothing (the registry serves its own), a mismatch 400. Metadata checksums describe the client's merged copy,
    /// which is not kept, so only their form is checked.
    /// </summary>
    private static async Task<IResult> VerifyChecksumAsync(HttpContext context, AuthorizedProject project, MavenPath maven, MavenChecksum checksum)
    {
        if (!(await RequestBody.ReadSmallAsync(context, MaxChecksumBytes).ConfigureAwait(false)).Succeeded(out var body, out var failure))
        {
            return failure;
        }

        if (MavenParser.ParseChecksumBody(body, checksum) is not { } digest)
        {
            return Errors.BadRequest($"{maven.FileName}{checksum.Extension} is not a {checksum.HexLength}-digit hex checksum");
        }

        if (maven.IsMetadata)
        {
            return Results.NoContent();
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var package = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, MavenFormat.MavenType, maven.PackageName, maven.Version ?? string.Empty), context.RequestAborted).ConfigureAwait(false);
        var file = package is null ? null : await store.FindNewestFileOrNullAsync(package.Id, maven.FileName, context.RequestAborted).ConfigureAwait(false);
        if (file is null)
        {
            return Errors.Render(StatusCodes.Status404NotFound, $"404 {maven.FileName} Not Found - upload the file before its checksum");
        }

        return checksum.Of(file) == digest
            ? Results.NoContent()
            : Errors.BadRequest($"checksum mismatch: {maven.FileName}{checksum.Extension} says {digest}, the stored file's is {checksum.Of(file)}");
    }
}
