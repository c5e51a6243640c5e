using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.PyPI;

/// <summary>
/// GitLab's PyPI API: twine's legacy upload (<c>POST /api/v4/projects/{id}/packages/pypi</c>), the simple repository
/// API (<c>simple/</c>, <c>simple/{name}/</c>) and file downloads (<c>files/{sha256}/{file}</c>, and PEP 658's
/// <c>files/{sha256}/{file}.metadata</c>) at the project level, and the read routes at the group level
/// (<c>/api/v4/groups/{id}/-/packages/pypi</c>) over the group's projects.
/// </summary>
internal static partial class PyPIEndpoints
{
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;
    private const string SimplePath = "/simple";
    private const string FilesPath = "/files";

    public static void Map(IEndpointRouteBuilder project)
    {
        // Twine posts to the repository URL exactly as configured, with or without a trailing slash, and aborts on a redirect.
        project.MapPost("/", PyPIUploads.UploadAsync);
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

        var names = await PackageNames.ListAsync(context.RequestServices.GetRequiredService<IPackageStore>(), projects, PyPIFormat.PyPIType, context.RequestAborted).ConfigureAwait(false);
        return PyPIDocuments.Index(context, contentType, names);
    }

    private static async Task<IResult> ProjectPageAsync(HttpContext context, string id, string projectName, EndpointScope scope)
    {
        var normalized = PyPIFormat.PyPIType.NormalizeName(projectName);
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

        // The page links files relatively, so its bytes depend on the projects, the name and the form only, not on the base URL.
        context.Response.Headers.Vary = "Accept";
        return await context.RequestServices.GetRequiredService<DocumentCache>().ServeMergedAsync(
            context,
            projects,
            PyPIFormat.PyPIType,
            normalized,
            $"pypi|{contentType}",
            PyPIDocuments.ContentTypeHeader(contentType),
            () => RenderProjectPageOrNullAsync(context, projects, normalized, contentType),
            Errors.NotFound()).ConfigureAwait(false);
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
            var packages = await reader.ListVersionsAsync(project, PyPIFormat.PyPIType, normalized, context.RequestAborted).ConfigureAwait(false);
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
            return Errors.NotFound();
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        foreach (var project in projects)
        {
            foreach (var (name, version) in parsed.Candidates)
            {
                var package = await reader.FindPackageOrNullAsync(project, PyPIFormat.PyPIType, name, version, context.RequestAborted).ConfigureAwait(false);
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
                return download is null ? Errors.NotFound() : RegistryResults.Download(context, download, fileDownloadName: null);
            }
        }

        return Errors.NotFound();
    }


    private static IResult NotAcceptable() => Errors.Render(StatusCodes.Status406NotAcceptable, $"406 Not Acceptable - offered: {PyPIDocuments.JsonType}, {PyPIDocuments.HtmlType}, {PyPIDocuments.TextHtmlType}");

    [GeneratedRegex(@"\A[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Hex();
}
