using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Helm;

/// <summary>
/// GitLab's Helm API (<c>lib/api/helm_packages.rb</c>) at <c>/api/v4/projects/{id}/packages/helm</c>: per channel, the
/// chart repository Helm reads (<c>{channel}/index.yaml</c>, <c>{channel}/charts/{name}-{version}.tgz</c> and its
/// <c>.prov</c>) and ChartMuseum's upload (<c>api/{channel}/charts</c>). Helm sends Basic auth (the token as password)
/// on every read of a repository added with <c>--username</c>/<c>--password</c>.
/// </summary>
internal static class HelmEndpoints
{
    internal const string ProvenanceSuffix = ".prov";
    private const string ChartSuffix = ".tgz";
    private const int PageSize = 100;
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;

    public static void Map(IEndpointRouteBuilder project)
    {
        project.MapGetAndHead("/{channel}/index.yaml", IndexAsync);
        project.MapGetAndHead("/{channel}/charts/{fileName}", DownloadAsync);
        project.MapPost("/api/{channel}/charts", HelmUploads.UploadAsync);
    }

    private static async Task<IResult> IndexAsync(HttpContext context, string id, string channel)
    {
        if (!HelmNames.IsChannel(channel))
        {
            return Errors.BadRequest("channel is invalid");
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.View).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<HelmOptions>>().Value;
        var entries = await ListChannelAsync(context, project, channel, options.MaxIndexPackages).ConfigureAwait(false);
        var contextPath = new Uri(RegistryUrls.Format(context.Request, HelmFormat.HelmType)).AbsolutePath;

        // The bytes are a function of the entries alone (generated is their newest upload, not the clock), so the same
        // channel gives the same document: rendered once, with an ETag, and 304 to helm's revalidation.
        var generated = entries.Count == 0 ? DateTimeOffset.UnixEpoch : entries.Max(static e => e.Created);
        return await context.RequestServices.GetRequiredService<DocumentCache>().ServeAsync(
            context,
            $"helm|index|{project.Project.Id}|{channel}|{contextPath}",
            HelmDocuments.Fingerprint(entries),
            HelmDocuments.IndexContentType,
            () => Task.FromResult<byte[]?>(HelmDocuments.Index(entries, generated, contextPath)),
            Errors.NotFound()).ConfigureAwait(false);
    }

    /// <summary>The channel's newest chart versions (at most <paramref name="limit"/>, GitLab's cap), each with the file the channel serves.</summary>
    private static async Task<List<HelmIndexEntry>> ListChannelAsync(HttpContext context, AuthorizedProject project, string channel, int limit)
    {
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var entries = new List<HelmIndexEntry>();
        for (var page = 1; entries.Count < limit; page++)
        {
            var packages = await store.QueryAsync(new PackageQuery
            {
                ProjectIds = [project.Project.Id],
                PackageType = HelmFormat.HelmType.Name,
                OrderBy = PackageOrder.CreatedAt,
                Descending = true,
                Page = page,
                PerPage = PageSize,
            }, context.RequestAborted).ConfigureAwait(false);
            foreach (var package in packages.Items)
            {
                if (entries.Count < limit && await FindChannelFileOrNullAsync(context, reader, project, package, channel, provenance: false).ConfigureAwait(false) is var (entry, file))
                {
                    entries.Add(new HelmIndexEntry(entry.Chart, file.CreatedAt, file.Sha256, file.FileName));
                }
            }

            if (packages.Items.Count < PageSize)
            {
                break;
            }
        }

        return entries;
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string id, string channel, string fileName)
    {
        if (!HelmNames.IsChannel(channel))
        {
            return Errors.BadRequest("channel is invalid");
        }

        var provenance = fileName.EndsWith(ChartSuffix + ProvenanceSuffix, StringComparison.Ordinal);
        var suffix = provenance ? ChartSuffix + ProvenanceSuffix : ChartSuffix;
        if (!fileName.EndsWith(suffix, StringComparison.Ordinal))
        {
            return Errors.NotFound();
        }

        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Pull).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        foreach (var (name, version) in HelmNames.Candidates(fileName[..^suffix.Length]))
        {
            var package = await reader.FindPackageOrNullAsync(project, HelmFormat.HelmType, name, version, context.RequestAborted).ConfigureAwait(false);
            if (package is not null && await FindChannelFileOrNullAsync(context, reader, project, package, channel, provenance).ConfigureAwait(false) is var (_, file))
            {
                var download = await reader.OpenFileOrNullAsync(project, package, file, context.RequestAborted).ConfigureAwait(false);
                return download is null ? Errors.NotFound() : RegistryResults.Download(context, download, fileName);
            }
        }

        return Errors.NotFound();
    }

    /// <summary>
    /// The chart file (or its provenance) <paramref name="channel"/> serves for a version: the newest file of that name
    /// whose SHA-256 the channel recorded, so a version uploaded again to another channel leaves this one as it was, and
    /// a file deleted through the packages API is no longer served or listed.
    /// </summary>
    private static async Task<(HelmChannelEntry Entry, PackageFile File)?> FindChannelFileOrNullAsync(HttpContext context, PackageReader reader, AuthorizedProject project, Package package, string channel, bool provenance)
    {
        if (package.Status is not (PackageStatus.Default or PackageStatus.Deprecated)
            || HelmPackageMetadata.FromJsonOrEmpty(package.Metadata).ChannelOrNull(channel) is not { } entry
            || (provenance ? entry.ProvenanceSha256 : entry.Sha256) is not { } sha256)
        {
            return null;
        }

        var name = HelmNames.ChartFileName(package.Name, package.Version) + (provenance ? ProvenanceSuffix : string.Empty);
        var files = await reader.ListFilesAsync(project, package, context.RequestAborted).ConfigureAwait(false);
        return files.LastOrDefault(f => f.FileName == name && f.Sha256 == sha256) is { } file ? (entry, file) : null;
    }
}
