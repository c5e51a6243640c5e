using System.IO.Compression;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Formats.Protocol;

namespace Registry.Formats.Go;

/// <summary>
/// GitLab's Go proxy (lib/api/go_proxy.rb; https://docs.gitlab.com/ee/user/packages/go_proxy/) at
/// <c>/api/v4/projects/{id}/packages/go</c>: the GOPROXY protocol (https://go.dev/ref/mod#goproxy-protocol)
/// <c>$module/@v/list</c>, <c>@v/$version.info</c>, <c>.mod</c>, <c>.zip</c> and <c>$module/@latest</c>, plus the SDK's
/// upload of module zips (<see cref="GoPublishing"/>).
/// </summary>
internal static class GoEndpoints
{
    private const string TextPlain = "text/plain; charset=utf-8";
    private const string Json = "application/json";
    private static readonly GoErrorShape Errors = GoErrorShape.Instance;

    public static void Map(IEndpointRouteBuilder project)
    {
        project.MapPut("/upload", GoPublishing.UploadAsync);
        project.MapGetAndHead("/{**path}", ServeAsync);
    }

    private static async Task<IResult> ServeAsync(HttpContext context, string id, string? path)
    {
        if (GoProxyRequest.ParseOrNull(path ?? string.Empty) is not { } request)
        {
            return Errors.NotFound();
        }

        // The documents go resolves versions from (the .mod among them) are views; the source zip is a pull.
        var action = request.File == GoProxyFile.Zip ? PackageAction.Pull : PackageAction.View;
        if (!(await context.AuthorizeProjectOrDenyAsync(id, action).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        if (request.File == GoProxyFile.Zip)
        {
            return await ZipAsync(context, reader, project, request).ConfigureAwait(false);
        }

        // One indexed lookup of the module: unknown modules and the shorter prefixes go probes end here.
        var fingerprint = await reader.FindVersionsFingerprintOrNullAsync(project, GoFormat.GolangType, request.ModulePath, context.RequestAborted).ConfigureAwait(false);
        if (fingerprint is null)
        {
            return Errors.NotFound();
        }

        var cache = context.RequestServices.GetRequiredService<DocumentCache>();
        return await cache.ServeAsync(
            context,
            $"go|{request.File}|{request.Version}|{project.Project.Id}|{request.ModulePath}",
            fingerprint,
            request.File is GoProxyFile.List or GoProxyFile.Mod ? TextPlain : Json,
            () => RenderOrNullAsync(context, reader, project, request),
            Errors.NotFound()).ConfigureAwait(false);
    }

    private static async Task<byte[]?> RenderOrNullAsync(HttpContext context, PackageReader reader, AuthorizedProject project, GoProxyRequest request)
    {
        var versions = await reader.ListVersionsAsync(project, GoFormat.GolangType, request.ModulePath, context.RequestAborted).ConfigureAwait(false);
        var package = versions.FirstOrDefault(p => string.Equals(p.Version, request.Version, StringComparison.Ordinal));
        return request.File switch
        {
            GoProxyFile.List => GoDocuments.List(versions),
            GoProxyFile.Latest => GoDocuments.LatestOrNull(versions) is { } latest ? GoDocuments.Info(latest) : null,
            GoProxyFile.Info => package is null ? null : GoDocuments.Info(package),
            _ => package is null ? null : await ReadGoModOrNullAsync(context, reader, project, package).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// The <c>.mod</c>: the go.mod inside the stored zip, so the two can never disagree (go checks both against go.sum).
    /// It is rendered once per change of the module and then served from the document cache.
    /// </summary>
    private static async Task<byte[]?> ReadGoModOrNullAsync(HttpContext context, PackageReader reader, AuthorizedProject project, Package package)
    {
        var module = new GoModuleZip(package.Name, package.Version);
        var download = await reader.OpenFileOrNullAsync(project, GoFormat.GolangType, package.Name, package.Version, module.FileName, context.RequestAborted).ConfigureAwait(false);
        if (download is null)
        {
            return null;
        }

        await using (download.Content.ConfigureAwait(false))
        {
            return await SeekableContent.ReadAsync(
                download.Content,
                content =>
                {
                    using var archive = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
                    return GoParser.ReadGoModOrNull(archive, module);
                },
                context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static async Task<IResult> ZipAsync(HttpContext context, PackageReader reader, AuthorizedProject project, GoProxyRequest request)
    {
        var version = request.Version ?? string.Empty;
        var download = await reader.OpenFileOrNullAsync(project, GoFormat.GolangType, request.ModulePath, version, new GoModuleZip(request.ModulePath, version).FileName, context.RequestAborted).ConfigureAwait(false);
        return download is null
            ? Errors.NotFound()
            : RegistryResults.Download(context, download, version + ".zip", "application/zip");
    }
}
