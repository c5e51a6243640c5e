using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NuGet.Versioning;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Http;

namespace Registry.Formats.NuGet;

/// <summary>
/// The NuGet v3 protocol at GitLab's project route <c>/api/v4/projects/{id}/packages/nuget</c>: service index,
/// push (<c>PUT v2/package</c>, multipart), delete (unlist or delete) and relist, flat container, registration and
/// search; and, read-only, at the group route <c>/api/v4/groups/{id}/-/packages/nuget</c> over the group's projects.
/// </summary>
internal static class NuGetEndpoints
{
    internal const string PublishPath = "/v2/package";
    internal const string FlatContainerPath = "/download";
    internal const string RegistrationPath = "/metadata";
    internal const string SearchPath = "/query";
    private const string FormatSegment = "/packages/nuget";
    private const int MaxSearchScan = 2000;
    private const string DocumentContentType = "application/json; charset=utf-8";

    public static void Map(IEndpointRouteBuilder project)
    {
        project.MapGetAndHead("/index.json", (HttpContext context) => ServiceIndex(context, withPublish: true));
        project.MapPut(PublishPath, PushAsync);
        project.MapDelete(PublishPath + "/{packageId}/{version}", DeleteAsync);
        project.MapPost(PublishPath + "/{packageId}/{version}", RelistAsync);
        NuGetSymbolEndpoints.MapProject(project);
        MapReads(project, EndpointScope.Project);
    }

    /// <summary>The group level is read-only: it merges the projects of the group (and its subgroups) the caller may read.</summary>
    public static void MapGroup(IEndpointRouteBuilder group)
    {
        group.MapGetAndHead("/index.json", (HttpContext context) => ServiceIndex(context, withPublish: false));
        NuGetSymbolEndpoints.MapGroup(group);
        MapReads(group, EndpointScope.Group);
    }

    private static void MapReads(IEndpointRouteBuilder routes, EndpointScope scope)
    {
        routes.MapGetAndHead(FlatContainerPath + "/{lowerId}/index.json", (HttpContext context, string id, string lowerId) => VersionsAsync(context, id, lowerId, scope));
        routes.MapGetAndHead(FlatContainerPath + "/{lowerId}/{lowerVersion}/{fileName}", (HttpContext context, string id, string lowerId, string lowerVersion, string fileName) => DownloadAsync(context, id, lowerId, lowerVersion, fileName, scope));
        routes.MapGetAndHead(RegistrationPath + "/{lowerId}/index.json", (HttpContext context, string id, string lowerId) => RegistrationIndexAsync(context, id, lowerId, scope));
        routes.MapGetAndHead(RegistrationPath + "/{lowerId}/{lowerVersion}.json", (HttpContext context, string id, string lowerId, string lowerVersion) => RegistrationLeafAsync(context, id, lowerId, lowerVersion, scope));
        routes.MapGetAndHead(RegistrationPath + "/{lowerId}/page/{page:int}.json", (HttpContext context, string id, string lowerId, int page) => RegistrationPageAsync(context, id, lowerId, page, scope));
        routes.MapGetAndHead(SearchPath, (HttpContext context, string id, string? q, int? skip, int? take, bool? prerelease, string? semVerLevel) => SearchAsync(context, id, q, skip, take, prerelease, semVerLevel, scope));
    }

    internal static string ContentUrl(string baseUrl, string lowerId, string lowerVersion) =>
        $"{baseUrl}{FlatContainerPath}/{lowerId}/{lowerVersion}/{lowerId}.{lowerVersion}.nupkg";

    /// <summary>The stored name of a pushed package, as the flat container names it and GitLab stores it: <c>{id}.{version}.nupkg</c>, lowercase, version normalized.</summary>
    internal static string PackageFileName(string id, string version) =>
        $"{NuGetFormat.NuGetType.NormalizeName(id)}.{NuGetFormat.NuGetType.NormalizeVersion(version)}.nupkg";

    /// <summary>
    /// The service index names only URLs derived from the request, so it answers without a credential and without
    /// looking the project up: <c>dotnet nuget push -k</c> works with no stored credential and nothing leaks.
    /// </summary>
    private static IResult ServiceIndex(HttpContext context, bool withPublish) => Document(context, NuGetDocuments.ServiceIndex(BaseUrl(context), withPublish));

    private static async Task<IResult> PushAsync(HttpContext context, string id)
    {
        var access = await context.AuthorizeProjectAsync(id, PackageAction.Publish).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return RegistryResults.Denied(access.Decision);
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<NuGetOptions>>().Value;
        LiftServerBodyLimit(context);

        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        PublishResult result;
        try
        {
            var content = await OpenPackagePartOrNullAsync(context.Request).ConfigureAwait(false);
            if (content is null)
            {
                return RegistryResults.Message(StatusCodes.Status400BadRequest, "400 Bad request - the multipart body has no package part");
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
                Inspect = (stream, cancellationToken) => InspectAsync(stream, options.MaxUncompressedBytes, cancellationToken),
            }, content, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return RegistryResults.Message(ex.StatusCode, "400 Bad request - " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            // A malformed multipart body.
            return RegistryResults.Message(StatusCodes.Status400BadRequest, "400 Bad request - " + ex.Message);
        }

        return result.Outcome switch
        {
            PublishOutcome.Published => RegistryResults.Message(StatusCodes.Status201Created, "201 Created"),
            PublishOutcome.TooLarge => RegistryResults.Message(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large"),
            PublishOutcome.Duplicate => RegistryResults.Message(StatusCodes.Status409Conflict, "409 Conflict - the package version already exists"),
            _ => RegistryResults.Message(StatusCodes.Status400BadRequest, "400 Bad request - " + (result.Error ?? "the package is invalid")),
        };
    }

    /// <summary>The server-wide default (30 MB in Kestrel) would cut large packages; the format's own limit is enforced while streaming.</summary>
    internal static void LiftServerBodyLimit(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }
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

    private static async Task<ContentInspection> InspectAsync(Stream written, long maxUncompressedBytes, CancellationToken cancellationToken)
    {
        NuGetParseResult parsed;
        if (written.CanSeek)
        {
            parsed = NuGetParser.Parse(written, maxUncompressedBytes);
        }
        else
        {
            var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
            await using (temp.ConfigureAwait(false))
            {
                await written.CopyToAsync(temp, cancellationToken).ConfigureAwait(false);
                temp.Position = 0;
                parsed = NuGetParser.Parse(temp, maxUncompressedBytes);
            }
        }

        return parsed.Metadata is { } metadata
            ? new ContentInspection { Name = metadata.Id, Version = metadata.Version, FileName = PackageFileName(metadata.Id, metadata.Version), Metadata = metadata.ToJson() }
            : ContentInspection.Refused(parsed.Error ?? "the package is invalid");
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id, string packageId, string version)
    {
        var access = await context.AuthorizeProjectAsync(id, PackageAction.Delete).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return RegistryResults.Denied(access.Decision);
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var package = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, NuGetFormat.NuGetType, packageId, version), context.RequestAborted).ConfigureAwait(false);
        if (package is null)
        {
            return NotFound();
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<NuGetOptions>>().Value;
        if (options.DeleteBehavior == NuGetDeleteBehavior.Delete)
        {
            var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
            return await deleter.DeletePackageAsync(project, package.Id, context.RequestAborted).ConfigureAwait(false)
                ? Results.NoContent()
                : NotFound();
        }

        return await SetListedAsync(context, store, package, listed: false).ConfigureAwait(false) ? Results.NoContent() : NotFound();
    }

    private static async Task<IResult> RelistAsync(HttpContext context, string id, string packageId, string version)
    {
        var access = await context.AuthorizeProjectAsync(id, PackageAction.Delete).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return RegistryResults.Denied(access.Decision);
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var package = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, NuGetFormat.NuGetType, packageId, version), context.RequestAborted).ConfigureAwait(false);
        return package is not null && await SetListedAsync(context, store, package, listed: true).ConfigureAwait(false)
            ? RegistryResults.Message(StatusCodes.Status200OK, "200 OK")
            : NotFound();
    }

    private static Task<bool> SetListedAsync(HttpContext context, IPackageStore store, Package package, bool listed)
    {
        var metadata = NuGetMetadata.FromJsonOrNull(package.Metadata);
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        return store.UpdatePackageAsync(
            package.Id,
            listed ? PackageStatus.Default : PackageStatus.Hidden,
            package.Tags,
            metadata is null ? package.Metadata : (metadata with { Listed = listed }).ToJson(),
            time.GetUtcNow(),
            context.RequestAborted);
    }

    private static async Task<IResult> VersionsAsync(HttpContext context, string id, string lowerId, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        return await CachedDocumentAsync(context, projects, lowerId, "versions", NuGetDocuments.VersionList).ConfigureAwait(false);
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string lowerId, string lowerVersion, string fileName, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        foreach (var project in projects)
        {
            var package = await reader.FindPackageOrNullAsync(project, NuGetFormat.NuGetType, lowerId, lowerVersion, context.RequestAborted).ConfigureAwait(false);
            if (package is not null)
            {
                return await DownloadAsync(context, reader, project, package, fileName).ConfigureAwait(false);
            }
        }

        return NotFound();
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, PackageReader reader, AuthorizedProject project, Package package, string fileName)
    {
        var name = fileName.ToLowerInvariant();
        if (name == $"{package.NormalizedName}.nuspec")
        {
            var nuspec = NuGetMetadata.FromJsonOrNull(package.Metadata)?.Nuspec;
            return nuspec is null ? NotFound() : Results.Text(nuspec, "application/xml", Encoding.UTF8);
        }

        if (name != $"{package.NormalizedName}.{package.NormalizedVersion}.nupkg")
        {
            return NotFound();
        }

        // The newest push of the .nupkg (with duplicates allowed there may be several); symbol packages sit beside it.
        var files = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
        var nupkg = files.LastOrDefault(f => f.FileName.EndsWith(".nupkg", StringComparison.OrdinalIgnoreCase));
        if (nupkg is null)
        {
            return NotFound();
        }

        var download = await reader.OpenFileOrNullAsync(project, package, nupkg, context.RequestAborted).ConfigureAwait(false);
        if (download is null)
        {
            return NotFound();
        }

        return RegistryResults.Download(context, download, null);
    }

    private static async Task<IResult> RegistrationIndexAsync(HttpContext context, string id, string lowerId, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var baseUrl = BaseUrl(context);
        return await CachedDocumentAsync(context, projects, lowerId, "registration", versions => NuGetDocuments.RegistrationIndex(baseUrl, versions[0].NormalizedName, versions)).ConfigureAwait(false);
    }

    private static async Task<IResult> RegistrationPageAsync(HttpContext context, string id, string lowerId, int page, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var baseUrl = BaseUrl(context);
        return await CachedDocumentAsync(
            context,
            projects,
            lowerId,
            "page/" + page.ToString(CultureInfo.InvariantCulture),
            versions => NuGetDocuments.RegistrationPage(baseUrl, versions[0].NormalizedName, versions, page)).ConfigureAwait(false);
    }

    /// <summary>A registration leaf: what each leaf's and catalog entry's <c>@id</c> points at.</summary>
    private static async Task<IResult> RegistrationLeafAsync(HttpContext context, string id, string lowerId, string lowerVersion, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var version = NuGetFormat.NuGetType.NormalizeVersion(lowerVersion);
        var package = (await ListVersionsAsync(context, projects, lowerId).ConfigureAwait(false)).FirstOrDefault(p => p.NormalizedVersion == version);
        return package is null ? NotFound() : Document(context, NuGetDocuments.RegistrationLeaf(BaseUrl(context), package));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, string id, string? q, int? skip, int? take, bool? prerelease, string? semVerLevel, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.View, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var found = new List<Package>();
        for (var pageNumber = 1; found.Count < MaxSearchScan; pageNumber++)
        {
            var result = await store.QueryAsync(new PackageQuery
            {
                ProjectIds = [.. projects.Select(p => p.Project.Id)],
                PackageType = NuGetFormat.NuGetType.Name,
                NameContains = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
                Page = pageNumber,
                PerPage = 100,
            }, context.RequestAborted).ConfigureAwait(false);
            found.AddRange(result.Items);
            if (result.Items.Count < 100)
            {
                break;
            }
        }

        var semVer2 = semVerLevel is not null && NuGetVersion.TryParse(semVerLevel, out var level) && level.Major >= 2;
        var groups = Distinct(found)
            .Where(p => p.Status != PackageStatus.Hidden)
            .Where(p => NuGetVersion.TryParse(p.Version, out var v) && (prerelease == true || !v.IsPrerelease) && (semVer2 || !v.IsSemVer2))
            .GroupBy(p => p.NormalizedName, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<Package>)[.. g])
            .ToList();
        var page = groups.Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 20, 0, 1000)).ToList();
        return Document(context, NuGetDocuments.Search(BaseUrl(context), page, groups.Count));
    }

    /// <summary>
    /// A document rendered from every version of an id in the projects, cached per package (<see cref="DocumentCache"/>):
    /// <paramref name="render"/> runs only when a project's versions changed since it last ran; it answers null for "not found".
    /// </summary>
    private static async Task<IResult> CachedDocumentAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, string lowerId, string variant, Func<IReadOnlyList<Package>, JsonObject?> render)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        if (await ProjectsFingerprint.FindOrNullAsync(reader, projects, NuGetFormat.NuGetType, lowerId, context.RequestAborted).ConfigureAwait(false) is not { } fingerprint)
        {
            return NotFound();
        }

        var cache = context.RequestServices.GetRequiredService<DocumentCache>();
        return await cache.ServeAsync(
            context,
            $"nuget|{variant}|{BaseUrl(context)}|{ProjectsFingerprint.Key(projects)}|{lowerId}",
            fingerprint,
            DocumentContentType,
            async () =>
            {
                var versions = await ListVersionsAsync(context, projects, lowerId).ConfigureAwait(false);
                return versions.Count == 0 || render(versions) is not { } document ? null : Encoding.UTF8.GetBytes(document.ToJsonString());
            },
            NotFound()).ConfigureAwait(false);
    }

    /// <summary>Every version of an id in the projects; a version in several projects of a group counts once (the first project's).</summary>
    private static async Task<IReadOnlyList<Package>> ListVersionsAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, string lowerId)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var all = new List<Package>();
        foreach (var project in projects)
        {
            all.AddRange(await reader.ListVersionsAsync(project, NuGetFormat.NuGetType, lowerId, context.RequestAborted).ConfigureAwait(false));
        }

        return Distinct(all);
    }

    private static List<Package> Distinct(IEnumerable<Package> packages) =>
        [.. packages.DistinctBy(p => (p.NormalizedName, p.NormalizedVersion))];

    /// <summary>The absolute URL of the service index's directory (no trailing slash), as the client reached it.</summary>
    private static string BaseUrl(HttpContext context)
    {
        var request = context.Request;
        var path = (request.PathBase + request.Path).ToUriComponent();
        var at = path.IndexOf(FormatSegment + "/", StringComparison.Ordinal);
        var basePath = at < 0 ? path.TrimEnd('/') : path[..(at + FormatSegment.Length)];
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{basePath}";
    }

    /// <summary>A JSON document with a strong ETag; answers 304 when the client has it.</summary>
    private static IResult Document(HttpContext context, JsonObject document) =>
        RegistryResults.Document(context, Encoding.UTF8.GetBytes(document.ToJsonString()), DocumentContentType);

    internal static IResult NotFound() => RegistryResults.Message(StatusCodes.Status404NotFound, "404 Not Found");
}
