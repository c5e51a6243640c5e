using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Http;

namespace Registry.Formats.PyPI;

/// <summary>
/// GitLab's PyPI API: twine's legacy upload (<c>POST /api/v4/projects/{id}/packages/pypi</c>), the simple repository
/// API (<c>simple/</c>, <c>simple/{name}/</c>) and file downloads (<c>files/{sha256}/{file}</c>, and PEP 658's
/// <c>files/{sha256}/{file}.metadata</c>) at the project level, and the read routes at the group level
/// (<c>/api/v4/groups/{id}/-/packages/pypi</c>) over the group's projects.
/// </summary>
internal static partial class PyPIEndpoints
{
    private const string SimplePath = "/simple";
    private const string FilesPath = "/files";

    public static void Map(IEndpointRouteBuilder project)
    {
        // Twine posts to the repository URL exactly as configured, with or without a trailing slash, and aborts on a redirect.
        project.MapPost("/", UploadAsync);
        MapReads(project, EndpointScope.Project);
    }

    /// <summary>The group level is read-only: it merges the projects of the group (and its subgroups) the caller may read.</summary>
    public static void MapGroup(IEndpointRouteBuilder group) => MapReads(group, EndpointScope.Group);

    private static void MapReads(IEndpointRouteBuilder routes, EndpointScope scope)
    {
        routes.MapGetAndHead(SimplePath + "/", (HttpContext context, string id) => IndexAsync(context, id, scope));
        routes.MapGetAndHead(SimplePath + "/{projectName}/", (HttpContext context, string id, string projectName) => ProjectPageAsync(context, id, projectName, scope));
        routes.MapGetAndHead(FilesPath + "/{sha256}/{fileName}", (HttpContext context, string id, string sha256, string fileName) => DownloadAsync(context, id, sha256, fileName, scope));
    }

    private static async Task<IResult> UploadAsync(HttpContext context, string id)
    {
        var access = await context.AuthorizeProjectAsync(id, PackageAction.Publish).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return RegistryResults.Denied(access.Decision);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // The server-wide default (30 MB in Kestrel) would cut large wheels; the format's own limit is enforced while streaming.
            bodySize.MaxRequestBodySize = null;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<PyPIOptions>>().Value;
        try
        {
            var (form, formError) = await PyPIUploadForm.ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (form is null)
            {
                return BadRequest(formError ?? "the upload form is invalid");
            }

            if (PyPIUpload.ValidateOrNull(form, out var upload) is { } invalid)
            {
                return BadRequest(invalid);
            }

            return await PublishAsync(context, project, options, form, upload).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return RegistryResults.Message(ex.StatusCode, "400 Bad request - " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            // A malformed multipart body.
            return BadRequest(ex.Message);
        }
    }

    private static async Task<IResult> PublishAsync(HttpContext context, AuthorizedProject project, PyPIOptions options, PyPIUploadForm form, PyPIUpload upload)
    {
        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        using var content = new DigestingStream(form.Content);
        PyPICoreMetadata? metadata = null;
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = PackageType.PyPI,
            Name = upload.Name,
            Version = upload.Version,
            FileName = upload.File.Value,
            MaxBytes = options.MaxFileSizeBytes,
            Duplicates = DuplicateRule.RejectSameFileName,
            DuplicatesAllowedByDefault = options.DuplicatesAllowed,
            Inspect = async (written, cancellationToken) =>
            {
                var (inspection, parsed) = await upload.InspectAsync(written, content, options.MaxUncompressedBytes, cancellationToken).ConfigureAwait(false);
                if (parsed is null)
                {
                    return inspection;
                }

                metadata = parsed;
                var existing = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, PackageType.PyPI, upload.Name, upload.Version), cancellationToken).ConfigureAwait(false);
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

                return RegistryResults.Message(StatusCodes.Status201Created, "201 Created");
            case PublishOutcome.TooLarge:
                return RegistryResults.Message(StatusCodes.Status413PayloadTooLarge, "413 Request Entity Too Large - " + result.Error);
            case PublishOutcome.Duplicate:
                // Twine's --skip-existing looks for "already exist" in a 400's text.
                return BadRequest($"File already exists: {upload.File.Value} (a file of that name was uploaded to {upload.Name} {upload.Version} before)");
            default:
                return BadRequest(result.Error ?? "the distribution is invalid");
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
            Type = PackageType.PyPI,
            Name = upload.Name,
            Version = upload.Version,
            FileName = upload.File.Value + PyPIFileName.MetadataSuffix,
            MaxBytes = PyPIParser.MaxMetadataBytes,
            Duplicates = DuplicateRule.Allow,
        }, bytes, context.RequestAborted).ConfigureAwait(false);
        if (companion.Outcome != PublishOutcome.Published)
        {
            LogMetadataNotStored(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PyPIEndpoints)), upload.File.Value, companion.Error);
        }
    }

    private static async Task<IResult> IndexAsync(HttpContext context, string id, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        if (PyPIDocuments.Negotiate(context.Request) is not { } contentType)
        {
            return NotAcceptable();
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var page = 1; ; page++)
        {
            var result = await store.QueryAsync(new PackageQuery
            {
                ProjectIds = [.. projects.Select(p => p.Project.Id)],
                PackageType = PackageType.PyPI.Name,
                OrderBy = PackageOrder.Name,
                Page = page,
                PerPage = 100,
            }, context.RequestAborted).ConfigureAwait(false);
            foreach (var package in result.Items)
            {
                names.TryAdd(package.NormalizedName, package.Name);
            }

            if (result.Items.Count < 100)
            {
                break;
            }
        }

        return PyPIDocuments.Index(context, contentType, [.. names.Select(n => (n.Value, n.Key))]);
    }

    private static async Task<IResult> ProjectPageAsync(HttpContext context, string id, string projectName, EndpointScope scope)
    {
        var normalized = PackageType.PyPI.NormalizeName(projectName);
        var path = context.Request.Path.Value ?? string.Empty;
        if (normalized != projectName || !path.EndsWith('/'))
        {
            // PEP 503: a page is at its normalized name, ending with a slash; other spellings redirect there.
            var at = path.LastIndexOf(SimplePath + "/", StringComparison.Ordinal);
            var location = $"{context.Request.PathBase}{path[..at]}{SimplePath}/{Uri.EscapeDataString(normalized)}/{context.Request.QueryString}";
            return Results.Redirect(location, permanent: true);
        }

        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        if (PyPIDocuments.Negotiate(context.Request) is not { } contentType)
        {
            return NotAcceptable();
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        if (await ProjectsFingerprint.FindOrNullAsync(reader, projects, PackageType.PyPI, normalized, context.RequestAborted).ConfigureAwait(false) is not { } fingerprint)
        {
            return NotFound();
        }

        // The page links files relatively, so its bytes depend on the projects, the name and the form only, not on the base URL.
        context.Response.Headers.Vary = "Accept";
        var cache = context.RequestServices.GetRequiredService<DocumentCache>();
        return await cache.ServeAsync(
            context,
            $"pypi|{contentType}|{ProjectsFingerprint.Key(projects)}|{normalized}",
            fingerprint,
            PyPIDocuments.ContentTypeHeader(contentType),
            () => RenderProjectPageOrNullAsync(context, projects, normalized, contentType),
            NotFound()).ConfigureAwait(false);
    }

    /// <summary>The project page from the catalog, or null when no live file is left: runs only when the cached page is stale.</summary>
    private static async Task<byte[]?> RenderProjectPageOrNullAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, string normalized, string contentType)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var versions = new List<string>();
        var files = new Dictionary<string, PyPIDistribution>(StringComparer.Ordinal);
        string? displayName = null;
        foreach (var project in projects)
        {
            var packages = await reader.ListVersionsAsync(project, PackageType.PyPI, normalized, context.RequestAborted).ConfigureAwait(false);
            foreach (var package in packages.Where(p => p.Status is PackageStatus.Default or PackageStatus.Deprecated))
            {
                displayName ??= package.Name;
                var metadata = PyPIPackageMetadata.FromJsonOrEmpty(package.Metadata);
                var packageFiles = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
                var newest = packageFiles.GroupBy(f => f.FileName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
                foreach (var file in newest.Values.Where(f => !f.FileName.EndsWith(PyPIFileName.MetadataSuffix, StringComparison.Ordinal)))
                {
                    // A file in several projects of a group is listed once, from the first project.
                    files.TryAdd(file.FileName, new PyPIDistribution(
                        file.FileName,
                        $"../..{FilesPath}/{file.Sha256}/{Uri.EscapeDataString(file.FileName)}",
                        file.Sha256,
                        file.Size,
                        file.CreatedAt,
                        metadata.RequiresPythonOf(file.FileName),
                        newest.GetValueOrDefault(file.FileName + PyPIFileName.MetadataSuffix)?.Sha256));
                }

                if (!versions.Contains(package.Version, StringComparer.Ordinal))
                {
                    versions.Add(package.Version);
                }
            }
        }

        return displayName is null || files.Count == 0
            ? null
            : PyPIDocuments.Project(contentType, displayName, versions, [.. files.Values.OrderBy(f => f.FileName, StringComparer.Ordinal)]);
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string sha256, string fileName, EndpointScope scope)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, scope).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var isMetadata = fileName.EndsWith(PyPIFileName.MetadataSuffix, StringComparison.Ordinal);
        var distribution = isMetadata ? fileName[..^PyPIFileName.MetadataSuffix.Length] : fileName;
        if (!Sha256Hex().IsMatch(sha256) || !PyPIFileName.TryParse(distribution, out var parsed, out _))
        {
            return NotFound();
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        foreach (var project in projects)
        {
            foreach (var (name, version) in parsed.Candidates)
            {
                var package = await reader.FindPackageOrNullAsync(project, PackageType.PyPI, name, version, context.RequestAborted).ConfigureAwait(false);
                if (package is null)
                {
                    continue;
                }

                var files = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
                if (!files.Any(f => f.FileName == distribution && f.Sha256 == sha256))
                {
                    continue;
                }

                var target = isMetadata ? files.LastOrDefault(f => f.FileName == fileName) : files.Last(f => f.FileName == distribution && f.Sha256 == sha256);
                var download = target is null ? null : await reader.OpenFileOrNullAsync(project, package, target, context.RequestAborted).ConfigureAwait(false);
                return download is null ? NotFound() : RegistryResults.Download(context, download, fileDownloadName: null);
            }
        }

        return NotFound();
    }

    private static IResult BadRequest(string message) => RegistryResults.Message(StatusCodes.Status400BadRequest, "400 Bad request - " + message);

    private static IResult NotFound() => RegistryResults.Message(StatusCodes.Status404NotFound, "404 Not Found");

    private static IResult NotAcceptable() => RegistryResults.Message(StatusCodes.Status406NotAcceptable, $"406 Not Acceptable - offered: {PyPIDocuments.JsonType}, {PyPIDocuments.HtmlType}, {PyPIDocuments.TextHtmlType}");

    [GeneratedRegex(@"\A[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PEP 658 metadata file of {FileName} was not stored: {Error}")]
    private static partial void LogMetadataNotStored(ILogger logger, string fileName, string? error);
}
