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

namespace Registry.Formats.Composer;

/// <summary>
/// GitLab's Composer API (https://docs.gitlab.com/ee/user/packages/composer_repository/): the group's Composer 2
/// repository at <c>/api/v4/group/{id}/-/packages/composer/</c> (singular <c>group</c>, as GitLab routes it):
/// <c>packages.json</c>, <c>p2/{vendor}/{name}.json</c> and <c>p2/{vendor}/{name}~dev.json</c> over the group's
/// projects the caller may read; and, per project, archive downloads (<c>archives/{vendor}/{name}.zip?sha=</c>) and
/// uploads (<see cref="ComposerPublishing"/>). GitLab's Composer 1 provider routes (<c>p/{sha}</c>) are not served:
/// Composer 2 reads <c>metadata-url</c> only.
/// </summary>
internal static partial class ComposerEndpoints
{
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;
    private const string GroupPrefix = "/api/v4/group/{id}/-/packages/composer";
    private const string JsonSuffix = ".json";
    private const string DevSuffix = "~dev";

    public static void MapProject(IEndpointRouteBuilder project)
    {
        project.MapPut("/", ComposerPublishing.PutAsync);
        project.MapPost("/", ComposerPublishing.PostAsync);
        project.MapGetAndHead("/archives/{vendor}/{file}", DownloadAsync);
    }

    public static void MapGroup(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead(GroupPrefix + "/packages.json", RootAsync);
        root.MapGetAndHead(GroupPrefix + "/p2/{vendor}/{file}", VersionsAsync);
    }

    private static async Task<IResult> RootAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, EndpointScope.Group).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var names = await PackageNames.ListAsync(store, projects, ComposerFormat.ComposerType, context.RequestAborted).ConfigureAwait(false);
        var metadataUrl = new Uri(RegistryUrls.Format(context.Request, ComposerFormat.ComposerType)).AbsolutePath + "/p2/%package%.json";
        return RegistryResults.Document(context, ComposerDocuments.Root(metadataUrl, names.Select(n => n.Name)), ComposerDocuments.ContentType);
    }

    private static async Task<IResult> VersionsAsync(HttpContext context, string id, string vendor, string file)
    {
        // Unknown names answer 404 at once, before any lookup: Composer asks for every name it resolves.
        if (!file.EndsWith(JsonSuffix, StringComparison.Ordinal))
        {
            return Errors.NotFound();
        }

        var stem = file[..^JsonSuffix.Length];
        var dev = stem.EndsWith(DevSuffix, StringComparison.Ordinal);
        var name = $"{vendor}/{(dev ? stem[..^DevSuffix.Length] : stem)}";
        if (!ComposerParser.PackageName().IsMatch(name))
        {
            return Errors.NotFound();
        }

        if (!(await context.AuthorizeReadAsync(id, PackageAction.Pull, EndpointScope.Group).ConfigureAwait(false)).Succeeded(out var projects, out var denied))
        {
            return denied;
        }

        // The dist URLs are absolute, so the bytes depend on the registry's root URL.
        var root = RegistryUrls.Root(context.Request);
        return await context.RequestServices.GetRequiredService<DocumentCache>().ServeMergedAsync(
            context,
            projects,
            ComposerFormat.ComposerType,
            name,
            $"composer|{(dev ? "dev" : "tagged")}|{root}",
            ComposerDocuments.ContentType,
            () => RenderVersionsAsync(context, projects, name, dev, root),
            Errors.NotFound(),
            lastModified: true).ConfigureAwait(false);
    }

    /// <summary>The tagged (or dev) versions of a name in the projects, the first project's where several have one; runs only when the cached file is stale.</summary>
    private static async Task<byte[]?> RenderVersionsAsync(HttpContext context, IReadOnlyList<AuthorizedProject> projects, string name, bool dev, string root)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var versions = new Dictionary<string, ComposerDist>(StringComparer.Ordinal);
        string? displayName = null;
        foreach (var project in projects)
        {
            var packages = await reader.ListVersionsAsync(project, ComposerFormat.ComposerType, name, context.RequestAborted).ConfigureAwait(false);
            foreach (var package in packages.Where(p => p.Status is PackageStatus.Default or PackageStatus.Deprecated))
            {
                displayName ??= package.Name;
                if (ComposerVersion.IsDev(package.NormalizedVersion) != dev || versions.ContainsKey(package.NormalizedVersion))
                {
                    continue;
                }

                var files = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
                if (files.Count == 0)
                {
                    continue;
                }

                // A version published again with other bytes is listed with its newest archive.
                var newest = files[^1];
                versions[package.NormalizedVersion] = new ComposerDist(
                    package.Name,
                    package.Version,
                    package.NormalizedVersion,
                    package.Metadata,
                    $"{root}/api/v4/projects/{project.Project.Id}/packages/composer/archives/{package.Name}.zip?sha={newest.Sha1}",
                    newest.Sha1,
                    newest.CreatedAt);
            }
        }

        return displayName is null ? null : ComposerDocuments.Versions(displayName, versions.Values);
    }

    /// <summary>
    /// An archive by package name and SHA-1 (GitLab's <c>archives/{name}.zip?sha=</c>): exactly the bytes a <c>p2</c>
    /// file advertised, also after the version was published again, so a composer.lock keeps installing.
    /// </summary>
    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string vendor, string file, string? sha)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Pull).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (string.IsNullOrEmpty(sha))
        {
            return Errors.BadRequest("sha is missing");
        }

        var name = $"{vendor}/{(file.EndsWith(".zip", StringComparison.Ordinal) ? file[..^4] : file)}";
        if (!Sha1Hex().IsMatch(sha) || !file.EndsWith(".zip", StringComparison.Ordinal) || !ComposerParser.PackageName().IsMatch(name))
        {
            return Errors.NotFound();
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        foreach (var package in await reader.ListVersionsAsync(project, ComposerFormat.ComposerType, name, context.RequestAborted).ConfigureAwait(false))
        {
            var files = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
            if (files.LastOrDefault(f => f.Sha1 == sha) is { } match)
            {
                var download = await reader.OpenFileOrNullAsync(project, package, match, context.RequestAborted).ConfigureAwait(false);
                return download is null ? Errors.NotFound() : RegistryResults.Download(context, download, match.FileName, "application/zip");
            }
        }

        return Errors.NotFound();
    }

    [GeneratedRegex(@"\A[0-9a-f]{40}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Sha1Hex();
}
