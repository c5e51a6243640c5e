using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Core.Updating;
using Registry.Formats.Protocol;

namespace Registry.Formats.NuGet;

/// <summary>
/// Symbol packages: the SymbolPackagePublish resource (https://learn.microsoft.com/nuget/api/symbol-package-publish-resource)
/// at <c>PUT symbolpackage</c>, which stores the <c>.snupkg</c> and its portable PDBs beside the package, and GitLab's
/// symbol server (https://docs.gitlab.com/ee/api/packages/nuget.html#download-a-debugging-symbol-file-pdb) at
/// <c>GET symbolfiles/{file}/{signature}/{file}</c>, an SSQP endpoint that needs the <c>SymbolChecksum</c> header.
/// </summary>
internal static class NuGetSymbolEndpoints
{
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;
    internal const string PublishPath = "/symbolpackage";
    private const string SymbolFilesPath = "/symbolfiles/{fileName}/{signature}/{sameFileName}";
    private const int MaxScannedPackages = 10_000;

    public static void MapProject(IEndpointRouteBuilder project)
    {
        project.MapPut(PublishPath, PushAsync);
        project.MapGetAndHead(SymbolFilesPath, (HttpContext c, string id, string fileName, string signature, string sameFileName) => SymbolFileAsync(c, id, fileName, signature, sameFileName, EndpointScope.Project));
    }

    public static void MapGroup(IEndpointRouteBuilder group) =>
        group.MapGetAndHead(SymbolFilesPath, (HttpContext c, string id, string fileName, string signature, string sameFileName) => SymbolFileAsync(c, id, fileName, signature, sameFileName, EndpointScope.Group));

    /// <summary>
    /// The package version must exist (404 otherwise, as the spec says); a symbol package may be pushed again, and
    /// its PDBs then replace the earlier ones of the same name and signature.
    /// </summary>
    private static async Task<IResult> PushAsync(HttpContext context, string id)
    {
        if (!(await context.AuthorizeProjectOrDenyAsync(id, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<NuGetOptions>>().Value;
        RequestBody.LiftServerLimit(context);

        var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        await using (temp.ConfigureAwait(false))
        {
            try
            {
                var content = await NuGetPublishing.OpenPackagePartOrNullAsync(context.Request).ConfigureAwait(false);
                if (content is null || !await CopyCappedAsync(content, temp, options.MaxFileSizeBytes, context.RequestAborted).ConfigureAwait(false))
                {
                    return content is null
                        ? Errors.BadRequest("the multipart body has no package part")
                        : Errors.TooLarge(options.MaxFileSizeBytes);
                }
            }
            catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException)
            {
                return Errors.BadRequest(ex.Message);
            }

            temp.Position = 0;
            using var symbols = NuGetSymbolPackage.ReadOrNull(temp, options.MaxUncompressedBytes, options.Limits.MaxArchiveEntries, out var error);
            if (symbols is null)
            {
                return Errors.BadRequest(error ?? "the symbol package is invalid");
            }

            return await StoreAsync(context, project, temp, symbols, options).ConfigureAwait(false);
        }
    }

    private static async Task<IResult> StoreAsync(HttpContext context, AuthorizedProject project, FileStream snupkg, NuGetSymbolPackage symbols, NuGetOptions options)
    {
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var coordinate = PackageCoordinate.Create(project.Project.Id, NuGetFormat.NuGetType, symbols.Metadata.Id, symbols.Metadata.Version);
        var package = await store.FindPackageOrNullAsync(coordinate, context.RequestAborted).ConfigureAwait(false);
        if (package is null)
        {
            return Errors.Render(StatusCodes.Status404NotFound, $"404 Not Found - push {symbols.Metadata.Id} {symbols.Metadata.Version} before its symbol package");
        }

        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        var stored = new List<NuGetSymbol>();
        var uploads = new List<(string FileName, Stream Content, NuGetSymbolFile? Symbol)>
        {
            ($"{package.NormalizedName}.{package.NormalizedVersion}.snupkg", snupkg, null),
        };
        uploads.AddRange(symbols.Files.Select(f => (f.FileName, (Stream)f.Content, (NuGetSymbolFile?)f)));
        foreach (var (fileName, content, symbol) in uploads)
        {
            content.Position = 0;
            var result = await publisher.PublishAsync(project, new PublishRequest
            {
                Type = NuGetFormat.NuGetType,
                Name = package.Name,
                Version = package.Version,
                FileName = fileName,
                MaxBytes = Math.Max(options.MaxFileSizeBytes, options.MaxUncompressedBytes),
                Status = package.Status,
                Duplicates = DuplicateRule.Allow,
            }, content, context.RequestAborted).ConfigureAwait(false);
            if (result.Outcome != PublishOutcome.Published || result.File is not { } file)
            {
                return Errors.BadRequest(result.Error ?? "the symbol package could not be stored");
            }

            if (symbol is not null)
            {
                stored.Add(new NuGetSymbol(symbol.FileName, symbol.Signature, symbol.Checksum, file.Sha256));
            }
        }

        // Merged into the metadata as it is at commit time (Core's transaction), so concurrent symbol pushes and unlists all survive.
        var updater = context.RequestServices.GetRequiredService<PackageMetadataUpdater>();
        await updater.UpdateMetadataAsync(
            project,
            NuGetFormat.NuGetType,
            package.Name,
            package.Version,
            json =>
            {
                var metadata = NuGetMetadata.FromJsonOrNull(json) ?? symbols.Metadata;
                var kept = metadata.Symbols.Where(s => !stored.Any(n => n.FileName == s.FileName && n.Signature == s.Signature));
                return (metadata with { Symbols = [.. kept, .. stored] }).ToJson();
            },
            context.RequestAborted).ConfigureAwait(false);
        return Errors.Render(StatusCodes.Status201Created, "201 Created");
    }

    /// <summary>
    /// Serves a PDB to a debugger, which sends no credential: as on GitLab, the file name, signature and
    /// <c>SymbolChecksum</c> (<c>SHA256:{hex}</c>, several separated by <c>;</c>) must all match a stored PDB.
    /// </summary>
    private static async Task<IResult> SymbolFileAsync(HttpContext context, string id, string fileName, string signature, string sameFileName, EndpointScope scope)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<NuGetOptions>>().Value;
        if (!options.SymbolServerEnabled)
        {
            return Errors.Render(StatusCodes.Status403Forbidden, "403 Forbidden - the symbol server is disabled");
        }

        var checksums = Checksums(context.Request.Headers["SymbolChecksum"].ToString());
        if (!string.Equals(fileName, sameFileName, StringComparison.OrdinalIgnoreCase) || checksums.Count == 0)
        {
            return Errors.BadRequest("the path must name the file twice and the SymbolChecksum header must hold SHA256:{checksum}");
        }

        var projectIds = await ProjectIdsAsync(context, id, scope).ConfigureAwait(false);
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        foreach (var status in new PackageStatus?[] { null, PackageStatus.Hidden })
        {
            for (var page = 1; page <= MaxScannedPackages / 100 && projectIds.Count > 0; page++)
            {
                var packages = await store.QueryAsync(new PackageQuery { ProjectIds = projectIds, PackageType = NuGetFormat.NuGetType.Name, Status = status, Page = page, PerPage = 100 }, context.RequestAborted).ConfigureAwait(false);
                foreach (var package in packages.Items)
                {
                    var symbol = NuGetMetadata.FromJsonOrNull(package.Metadata)?.Symbols.LastOrDefault(s =>
                        string.Equals(s.FileName, fileName, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(s.Signature, signature, StringComparison.OrdinalIgnoreCase)
                        && checksums.Contains(s.Checksum));
                    if (symbol is not null && await OpenOrNullAsync(context, symbol).ConfigureAwait(false) is { } stream)
                    {
                        return Results.Stream(stream, "application/octet-stream", symbol.FileName);
                    }
                }

                if (packages.Items.Count < 100)
                {
                    break;
                }
            }
        }

        return NuGetEndpoints.NotFound();
    }

    private static Task<Stream?> OpenOrNullAsync(HttpContext context, NuGetSymbol symbol) =>
        context.RequestServices.GetRequiredService<IBlobStore>().OpenReadOrNullAsync(symbol.Sha256, context.RequestAborted);

    /// <summary>The project, or the group's projects, whose package registry is on; no credential is asked for.</summary>
    private static async Task<IReadOnlyCollection<long>> ProjectIdsAsync(HttpContext context, string id, EndpointScope scope)
    {
        var directory = context.RequestServices.GetRequiredService<IProjectDirectory>();
        IEnumerable<Project> projects;
        if (scope == EndpointScope.Project)
        {
            projects = await directory.FindProjectOrNullAsync(Uri.UnescapeDataString(id), context.RequestAborted).ConfigureAwait(false) is { } project ? [project] : [];
        }
        else
        {
            var group = await directory.FindGroupOrNullAsync(Uri.UnescapeDataString(id), context.RequestAborted).ConfigureAwait(false);
            projects = group is null ? [] : await directory.ListGroupProjectsAsync(group.Id, excludeSubgroups: false, context.RequestAborted).ConfigureAwait(false);
        }

        return [.. projects.Where(p => p.PackageRegistryAccessLevel != PackageRegistryAccessLevel.Disabled).Select(p => p.Id)];
    }

    private static List<string> Checksums(string header) =>
        [.. header.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(v => v.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
            .Select(v => v["SHA256:".Length..].ToLowerInvariant())
            .Where(v => v.Length == 64 && v.All(char.IsAsciiHexDigit))];

    private static async Task<bool> CopyCappedAsync(Stream source, Stream target, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                return false;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }

        return total > 0 ? true : throw new InvalidDataException("the symbol package is empty");
    }
}
