using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Http;

namespace Registry.Formats.Maven;

/// <summary>
/// GitLab's Maven API (https://docs.gitlab.com/ee/api/packages/maven.html): <c>PUT</c> and <c>GET</c>/<c>HEAD</c> of
/// repository paths at <c>/api/v4/projects/{id}/packages/maven/*path</c>, and reads at
/// <c>/api/v4/groups/{id}/-/packages/maven/*path</c> (the group's projects the caller may read) and
/// <c>/api/v4/packages/maven/*path</c> (any project the caller may read that has the package). Files are stored
/// verbatim; <c>maven-metadata.xml</c> is generated from the catalog, and every file and document has its
/// <c>.md5</c>, <c>.sha1</c>, <c>.sha256</c> and <c>.sha512</c>. Uploaded checksum files are checked, not stored.
/// </summary>
internal static class MavenEndpoints
{
    private const string PathRoute = "/{**path}";
    private const int MaxChecksumBytes = 1024;
    private const int MaxMetadataBytes = 4 * 1024 * 1024;
    private const int MaxInstanceCandidates = 100;

    /// <summary>Finds the projects a read may look in, or the answer that refuses it.</summary>
    private delegate Task<Attempt<MavenReadScope>> ReadLocator(HttpContext context, MavenPath path);

    public static void Map(PackageFormatRoutes routes)
    {
        routes.Project.MapPut(PathRoute, UploadAsync);
        routes.Project.MapGetAndHead(PathRoute, (HttpContext context, string id, string? path) =>
            DownloadAsync(context, path, (c, _) => ProjectScopeAsync(c, id)));
        routes.Group.MapGetAndHead(PathRoute, (HttpContext context, string id, string? path) =>
            DownloadAsync(context, path, (c, _) => GroupScopeAsync(c, id)));
        routes.Instance.MapGetAndHead(PathRoute, (HttpContext context, string? path) =>
            DownloadAsync(context, path, InstanceScopeAsync));
    }

    private static async Task<IResult> UploadAsync(HttpContext context, string id, string? path)
    {
        if (MavenParser.ParsePath(path, out var invalid) is not { } maven)
        {
            return BadRequest(invalid);
        }

        var access = await context.AuthorizeProjectAsync(id, PackageAction.Publish).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return RegistryResults.Denied(access.Decision);
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
            return RegistryResults.Message(ex.StatusCode, "400 Bad request - " + ex.Message);
        }
    }

    private static async Task<IResult> PublishAsync(HttpContext context, AuthorizedProject project, MavenPath maven)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<MavenOptions>>().Value;
        if (context.Request.ContentLength > options.MaxFileSizeBytes)
        {
            return RegistryResults.Message(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // The server-wide default (30 MB in Kestrel) would cut large artifacts; the format's own limit is enforced while streaming.
            bodySize.MaxRequestBodySize = null;
        }

        var version = maven.Version ?? throw new InvalidOperationException("a file path always has a version");
        var isPom = maven.FileName.EndsWith(".pom", StringComparison.Ordinal);
        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = PackageType.Maven,
            Name = maven.PackageName,
            Version = version,
            FileName = maven.FileName,
            MaxBytes = options.MaxFileSizeBytes,
            // SNAPSHOTs may always be re-deployed; a release file follows the group's maven_duplicates_allowed settings.
            Duplicates = MavenParser.IsSnapshot(version) ? DuplicateRule.Allow : DuplicateRule.RejectSameFileName,
            DuplicatesAllowedByDefault = MavenParser.IsSnapshot(version) ? null : options.DuplicatesAllowed,
            Metadata = MetadataJson(maven, version),
            Inspect = isPom
                ? (stream, _) => Task.FromResult(MavenParser.ValidatePom(stream, maven.ArtifactId) is { } error
                    ? ContentInspection.Refused(error)
                    : ContentInspection.Accepted)
                : null,
        }, context.Request.Body, context.RequestAborted).ConfigureAwait(false);

        return result.Outcome switch
        {
            PublishOutcome.Published => RegistryResults.Message(StatusCodes.Status201Created, "201 Created"),
            PublishOutcome.TooLarge => RegistryResults.Message(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large"),
            PublishOutcome.Duplicate => BadRequest("Duplicate package is not allowed"),
            _ => BadRequest(result.Error ?? "the file is invalid"),
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
        if (!(await ReadSmallBodyAsync(context, MaxMetadataBytes).ConfigureAwait(false)).Succeeded(out var body, out var failure))
        {
            return failure;
        }

        using var stream = new MemoryStream(body, writable: false);
        return MavenParser.ValidateMetadata(stream, maven) is { } error ? BadRequest(error) : RegistryResults.Message(StatusCodes.Status201Created, "201 Created");
    }

    /// <summary>
    /// An uploaded checksum file is compared with the digest computed when the file was stored: a match answers 204 and
    /// stores nothing (the registry serves its own), a mismatch 400. Metadata checksums describe the client's merged copy,
    /// which is not kept, so only their form is checked.
    /// </summary>
    private static async Task<IResult> VerifyChecksumAsync(HttpContext context, AuthorizedProject project, MavenPath maven, MavenChecksum checksum)
    {
        if (!(await ReadSmallBodyAsync(context, MaxChecksumBytes).ConfigureAwait(false)).Succeeded(out var body, out var failure))
        {
            return failure;
        }

        if (MavenParser.ParseChecksumBody(body, checksum) is not { } digest)
        {
            return BadRequest($"{maven.FileName}{checksum.Extension} is not a {checksum.HexLength}-digit hex checksum");
        }

        if (maven.IsMetadata)
        {
            return Results.NoContent();
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var package = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, PackageType.Maven, maven.PackageName, maven.Version ?? string.Empty), context.RequestAborted).ConfigureAwait(false);
        var file = package is null ? null : await store.FindNewestFileOrNullAsync(package.Id, maven.FileName, context.RequestAborted).ConfigureAwait(false);
        if (file is null)
        {
            return RegistryResults.Message(StatusCodes.Status404NotFound, $"404 {maven.FileName} Not Found - upload the file before its checksum");
        }

        return checksum.Of(file) == digest
            ? Results.NoContent()
            : BadRequest($"checksum mismatch: {maven.FileName}{checksum.Extension} says {digest}, the stored file's is {checksum.Of(file)}");
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string? path, ReadLocator locate)
    {
        if (MavenParser.ParsePath(path, out var invalid) is not { } maven)
        {
            return BadRequest(invalid);
        }

        if (!(await locate(context, maven).ConfigureAwait(false)).Succeeded(out var scope, out var denied))
        {
            return denied;
        }

        var result = maven.Kind switch
        {
            MavenPathKind.ArtifactMetadata => await ArtifactMetadataAsync(context, scope, maven).ConfigureAwait(false),
            MavenPathKind.SnapshotMetadata => await SnapshotMetadataAsync(context, scope, maven).ConfigureAwait(false),
            _ => await FileAsync(context, scope, maven).ConfigureAwait(false),
        };
        return result ?? (scope.ChallengeOnMiss ? RegistryResults.Unauthorized() : NotFound());
    }

    private static async Task<IResult?> FileAsync(HttpContext context, MavenReadScope scope, MavenPath maven)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        foreach (var project in scope.Projects)
        {
            var package = await reader.FindPackageOrNullAsync(project, PackageType.Maven, maven.PackageName, maven.Version ?? string.Empty, context.RequestAborted).ConfigureAwait(false);
            var file = package is null ? null : await store.FindNewestFileOrNullAsync(package.Id, maven.FileName, context.RequestAborted).ConfigureAwait(false);
            if (package is null || file is null)
            {
                continue;
            }

            if (maven.Checksum is { } checksum)
            {
                return Results.Text(checksum.Of(file), "text/plain", Encoding.ASCII);
            }

            var download = await reader.OpenFileOrNullAsync(project, package, file, context.RequestAborted).ConfigureAwait(false);
            if (download is null)
            {
                continue;
            }

            context.Response.Headers["X-Checksum-Sha1"] = file.Sha1;
            context.Response.Headers["X-Checksum-MD5"] = file.Md5;
            return RegistryResults.Download(context, download, fileDownloadName: null, ContentType(file.FileName));
        }

        return null;
    }

    private static async Task<IResult?> ArtifactMetadataAsync(HttpContext context, MavenReadScope scope, MavenPath maven)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var versions = new List<Package>();
        foreach (var project in scope.Projects)
        {
            versions.AddRange(await reader.ListVersionsAsync(project, PackageType.Maven, maven.PackageName, context.RequestAborted).ConfigureAwait(false));
        }

        // A version in several projects of a group counts once: the one published to last.
        var distinct = versions.GroupBy(p => p.NormalizedVersion, StringComparer.Ordinal).Select(g => g.MaxBy(p => p.UpdatedAt) ?? g.First()).ToList();
        return distinct.Count == 0 ? null : Metadata(context, maven, MavenDocuments.ArtifactMetadata(maven.GroupId, maven.ArtifactId, distinct));
    }

    private static async Task<IResult?> SnapshotMetadataAsync(HttpContext context, MavenReadScope scope, MavenPath maven)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var version = maven.Version ?? string.Empty;
        foreach (var project in scope.Projects)
        {
            var package = await reader.FindPackageOrNullAsync(project, PackageType.Maven, maven.PackageName, version, context.RequestAborted).ConfigureAwait(false);
            if (package is null)
            {
                continue;
            }

            var files = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
            if (files.Count > 0)
            {
                return Metadata(context, maven, MavenDocuments.SnapshotMetadata(maven.GroupId, maven.ArtifactId, version, files));
            }
        }

        return null;
    }

    /// <summary>A generated document, or its checksum: both from the same bytes.</summary>
    private static IResult Metadata(HttpContext context, MavenPath maven, byte[] document) =>
        maven.Checksum is { } checksum
            ? Results.Text(checksum.Of(document), "text/plain", Encoding.ASCII)
            : RegistryResults.Document(context, document, "application/xml");

    private static async Task<Attempt<MavenReadScope>> ProjectScopeAsync(HttpContext context, string id)
    {
        var access = await context.AuthorizeProjectAsync(id, PackageAction.Pull).ConfigureAwait(false);
        return access.Project is { } project
            ? new MavenReadScope([project], ChallengeOnMiss: false)
            : Attempt<MavenReadScope>.Fail(RegistryResults.Denied(access.Decision));
    }

    private static async Task<Attempt<MavenReadScope>> GroupScopeAsync(HttpContext context, string id)
    {
        var groupNotFound = RegistryResults.Message(StatusCodes.Status404NotFound, "404 Group Not Found");
        if (!(await context.AuthorizeGroupProjectsAsync(id, PackageAction.Pull, excludeSubgroups: false, groupNotFound).ConfigureAwait(false)).Succeeded(out var group, out var failure))
        {
            return Attempt<MavenReadScope>.Fail(failure);
        }

        if (group.Allowed.Count == 0 && !group.IsAnonymous && group.Group.Visibility != ProjectVisibility.Public)
        {
            // Nothing readable: do not confirm that a group the caller cannot see exists.
            return Attempt<MavenReadScope>.Fail(groupNotFound);
        }

        return new MavenReadScope(group.Allowed, ChallengeOnMiss: group.IsAnonymous && (group.SomeNeedSignIn || group.Allowed.Count == 0));
    }

    /// <summary>
    /// The instance level finds the package by name in any project, newest first, and keeps the projects the caller
    /// may read; a package only in projects that need a credential challenges an anonymous caller.
    /// </summary>
    private static async Task<Attempt<MavenReadScope>> InstanceScopeAsync(HttpContext context, MavenPath maven)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null)
        {
            return Attempt<MavenReadScope>.Fail(RegistryResults.Unauthorized());
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var directory = context.RequestServices.GetRequiredService<IProjectDirectory>();
        var access = context.RequestServices.GetRequiredService<ProjectAccessService>();
        var candidates = await store.ListPackagesByNameAsync(PackageType.Maven, PackageType.Maven.NormalizeName(maven.PackageName), MaxInstanceCandidates, context.RequestAborted).ConfigureAwait(false);
        var allowed = new List<AuthorizedProject>();
        var needSignIn = false;
        foreach (var projectId in candidates.Select(p => p.ProjectId).Distinct())
        {
            var project = await directory.FindProjectOrNullAsync(projectId.ToString(CultureInfo.InvariantCulture), context.RequestAborted).ConfigureAwait(false);
            if (project is null)
            {
                continue;
            }

            var decision = await access.EvaluateAsync(principal, project, PackageAction.Pull, EndpointScope.Instance, context.RequestAborted).ConfigureAwait(false);
            if (decision.Project is { } authorized)
            {
                allowed.Add(authorized);
            }
            else
            {
                needSignIn |= decision.Decision.Denial == Denial.Unauthenticated;
            }
        }

        return new MavenReadScope(allowed, ChallengeOnMiss: needSignIn && principal.Kind == PrincipalKind.Anonymous);
    }

    /// <summary>Reads a small body whole; a larger one answers 413.</summary>
    private static async Task<Attempt<byte[]>> ReadSmallBodyAsync(HttpContext context, int maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return Attempt<byte[]>.Fail(RegistryResults.Message(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large"));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return Attempt<byte[]>.Fail(RegistryResults.Message(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large"));
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string ContentType(string fileName) =>
        fileName.EndsWith(".pom", StringComparison.Ordinal) || fileName.EndsWith(".xml", StringComparison.Ordinal)
            ? "application/xml"
            : fileName.EndsWith(".jar", StringComparison.Ordinal) ? "application/java-archive" : "application/octet-stream";

    private static IResult BadRequest(string message) => RegistryResults.Message(StatusCodes.Status400BadRequest, "400 Bad request - " + message);

    private static IResult NotFound() => RegistryResults.Message(StatusCodes.Status404NotFound, "404 Not Found");
}
