using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Registry.Core.Deleting;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Publishing;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Http;

namespace Registry.Formats.Npm;

/// <summary>
/// GitLab's npm registry API (https://docs.gitlab.com/ee/api/packages/npm.html): packuments, tarballs, publish,
/// deprecate, unpublish and dist-tags at <c>/api/v4/projects/{id}/packages/npm/</c>; reads and dist-tags at the group
/// level <c>/api/v4/groups/{id}/-/packages/npm/</c> and, for scoped packages, reads at
/// <c>/api/v4/packages/npm/</c>, where the scope names the top-level group. Errors are <c>{"error": "..."}</c>, which npm shows.
/// </summary>
internal static class NpmEndpoints
{
    private const int MaxSmallBodyBytes = 64 * 1024;

    /// <summary>Finds the project a package lives in and authorizes an action on it, or answers why not.</summary>
    private delegate Task<Attempt<AuthorizedProject>> Locator(HttpContext context, string packageName, PackageAction action);

    public static void MapProject(IEndpointRouteBuilder project)
    {
        MapReads(project, ProjectLocator);

        project.MapPut("/{name}", (HttpContext c, string name) => PutAsync(c, Decode(name), isRevision: false));
        project.MapPut("/@{scope}/{name}", (HttpContext c, string scope, string name) => PutAsync(c, Scoped(scope, name), isRevision: false));
        project.MapPut("/{name}/-rev/{rev}", (HttpContext c, string name) => PutAsync(c, Decode(name), isRevision: true));
        project.MapPut("/@{scope}/{name}/-rev/{rev}", (HttpContext c, string scope, string name) => PutAsync(c, Scoped(scope, name), isRevision: true));

        project.MapDelete("/{name}/-rev/{rev}", (HttpContext c, string name) => UnpublishAllAsync(c, Decode(name)));
        project.MapDelete("/@{scope}/{name}/-rev/{rev}", (HttpContext c, string scope, string name) => UnpublishAllAsync(c, Scoped(scope, name)));
        project.MapDelete("/{name}/-/{file}/-rev/{rev}", (HttpContext c, string name, string file) => UnpublishVersionAsync(c, Decode(name), file));
        project.MapDelete("/@{scope}/{name}/-/{file}/-rev/{rev}", (HttpContext c, string scope, string name, string file) => UnpublishVersionAsync(c, Scoped(scope, name), file));

        MapTagWrites(project, ProjectLocator);
    }

    private static async Task<Attempt<AuthorizedProject>> ProjectLocator(HttpContext context, string name, PackageAction action) =>
        Located(context, await context.AuthorizeProjectAsync(Id(context), action).ConfigureAwait(false));

    /// <summary>npm dist-tag add and rm, on the project the locator finds (GitLab has them at project and group level).</summary>
    private static void MapTagWrites(IEndpointRouteBuilder routes, Locator locate)
    {
        routes.MapPut("/-/package/{name}/dist-tags/{tag}", (HttpContext c, string name, string tag) => AddTagAsync(c, locate, Decode(name), tag));
        routes.MapPut("/-/package/@{scope}/{name}/dist-tags/{tag}", (HttpContext c, string scope, string name, string tag) => AddTagAsync(c, locate, Scoped(scope, name), tag));
        routes.MapDelete("/-/package/{name}/dist-tags/{tag}", (HttpContext c, string name, string tag) => RemoveTagAsync(c, locate, Decode(name), tag));
        routes.MapDelete("/-/package/@{scope}/{name}/dist-tags/{tag}", (HttpContext c, string scope, string name, string tag) => RemoveTagAsync(c, locate, Scoped(scope, name), tag));
    }

    public static void MapInstance(IEndpointRouteBuilder instance) =>
        MapReads(instance, async (context, name, action) => Located(context, await LocateByScopeAsync(context, name, action).ConfigureAwait(false)));

    /// <summary>The group level: reads (packuments, tarballs, dist-tags) and dist-tag writes of packages in the group's projects, subgroups included.</summary>
    public static void MapGroup(IEndpointRouteBuilder group)
    {
        MapReads(group, LocateInGroupAsync);
        MapTagWrites(group, LocateInGroupAsync);
    }

    private static void MapReads(IEndpointRouteBuilder routes, Locator locate)
    {
        routes.MapGetAndHead("/{name}", (HttpContext c, string name) => PackumentAsync(c, locate, Decode(name)));
        routes.MapGetAndHead("/@{scope}/{name}", (HttpContext c, string scope, string name) => PackumentAsync(c, locate, Scoped(scope, name)));
        routes.MapGetAndHead("/{name}/-/{file}", (HttpContext c, string name, string file) => TarballAsync(c, locate, Decode(name), file));
        routes.MapGetAndHead("/@{scope}/{name}/-/{file}", (HttpContext c, string scope, string name, string file) => TarballAsync(c, locate, Scoped(scope, name), file));
        routes.MapGet("/-/package/{name}/dist-tags", (HttpContext c, string name) => ListTagsAsync(c, locate, Decode(name)));
        routes.MapGet("/-/package/@{scope}/{name}/dist-tags", (HttpContext c, string scope, string name) => ListTagsAsync(c, locate, Scoped(scope, name)));

        routes.MapGet("/-/whoami", (Delegate)(Func<HttpContext, Task<IResult>>)WhoAmIAsync);

        // GitLab has no npm login (users put a token in .npmrc): web and legacy login get its answer to an unknown route.
        routes.MapPost("/-/v1/login", () => Error(StatusCodes.Status404NotFound, "404 Not Found"));
        routes.MapPut("/-/user/{user}", () => Error(StatusCodes.Status404NotFound, "404 Not Found"));
        routes.MapGet("/-/ping", () => Results.Json(new { }));
        routes.MapPost("/-/npm/v1/security/advisories/bulk", () => Results.Json(new { }));
        routes.MapPost("/-/npm/v1/security/audits/quick", () => Results.Json(new { }));
    }

    private static string Id(HttpContext context) => context.GetRouteValue("id") as string ?? string.Empty;

    // ASP.NET Core leaves %2F encoded in route values: npm sends scoped names as @scope%2fname.
    private static string Decode(string name) => Uri.UnescapeDataString(name);

    private static string Scoped(string scope, string name) => $"@{Uri.UnescapeDataString(scope)}/{Uri.UnescapeDataString(name)}";

    /// <summary>The packument, rendered once per change of the package (<see cref="DocumentCache"/>).</summary>
    private static async Task<IResult> PackumentAsync(HttpContext context, Locator locate, string name)
    {
        if (!NpmParser.IsValidName(name))
        {
            return Error(StatusCodes.Status404NotFound, "Not found");
        }

        if (!(await locate(context, name, PackageAction.View).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var fingerprint = await reader.FindVersionsFingerprintOrNullAsync(project, PackageType.Npm, name, context.RequestAborted).ConfigureAwait(false);
        var notFound = Error(StatusCodes.Status404NotFound, "Not found");
        if (fingerprint is null)
        {
            return notFound;
        }

        var registryUrl = RegistryUrl(context);
        var abbreviated = context.Request.Query["write"] != "true"
            && context.Request.Headers.Accept.ToString().Contains(NpmDocuments.AbbreviatedContentType, StringComparison.OrdinalIgnoreCase);
        context.Response.Headers.Vary = "Accept";
        var cache = context.RequestServices.GetRequiredService<DocumentCache>();
        return await cache.ServeAsync(
            context,
            $"npm|{(abbreviated ? "abbreviated" : "full")}|{registryUrl}|{project.Project.Id}|{name}",
            fingerprint,
            abbreviated ? NpmDocuments.AbbreviatedContentType : "application/json",
            async () =>
            {
                var versions = await ListAsync(context, project, name).ConfigureAwait(false);
                if (versions.Count == 0)
                {
                    return null;
                }

                var document = abbreviated ? NpmDocuments.Abbreviated(name, versions, registryUrl) : NpmDocuments.Full(name, versions, registryUrl);
                return Encoding.UTF8.GetBytes(NpmDocuments.Serialize(document));
            },
            notFound).ConfigureAwait(false);
    }

    private static async Task<IResult> TarballAsync(HttpContext context, Locator locate, string name, string file)
    {
        if (!NpmParser.IsValidName(name) || VersionOfFile(name, file) is not { } version)
        {
            return Error(StatusCodes.Status404NotFound, "Not found");
        }

        if (!(await locate(context, name, PackageAction.Pull).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var download = await reader.OpenFileOrNullAsync(project, PackageType.Npm, name, version, file, context.RequestAborted).ConfigureAwait(false);
        if (download is null)
        {
            return Error(StatusCodes.Status404NotFound, "Not found");
        }

        return RegistryResults.Download(context, download, download.File.FileName);
    }

    private static async Task<IResult> PutAsync(HttpContext context, string name, bool isRevision)
    {
        if (!NpmParser.IsValidName(name))
        {
            return Error(StatusCodes.Status400BadRequest, "package name is invalid");
        }

        var access = await context.AuthorizeProjectAsync(Id(context), PackageAction.Publish).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return Denied(context, access.Decision);
        }

        var options = context.RequestServices.GetRequiredService<IOptionsSnapshot<NpmOptions>>().Value;
        if (RefuseOrAllowLargeBody(context, options.MaxDocumentSizeBytes) is { } tooLarge)
        {
            return tooLarge;
        }

        using var scanner = new NpmDocumentScanner(context.Request.Body, options.MaxDocumentSizeBytes, (int)Math.Min(options.MaxMetadataSizeBytes, options.MaxDocumentSizeBytes));
        try
        {
            // The tarball streams to the blob store as it is decoded; the rest of the document is checked once it is all read.
            if (await scanner.HasAttachmentDataAsync(context.RequestAborted).ConfigureAwait(false))
            {
                return await PublishAsync(context, project, scanner, name, options).ConfigureAwait(false);
            }
        }
        catch (NpmDocumentException ex)
        {
            return Error(ex.StatusCode, ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            return Error(ex.StatusCode, ex.Message);
        }

        if (NpmParser.ParseObjectOrNull(scanner.Metadata) is not { } document)
        {
            return Error(StatusCodes.Status400BadRequest, "the body is not a JSON object");
        }

        if (!NpmParser.HasAttachments(document))
        {
            return await UpdateAsync(context, project, document, name, isRevision).ConfigureAwait(false);
        }

        // Attachments without any bytes: refused with the first thing wrong with the document.
        return NpmParser.TryParseUpload(document, name, tarball: null, out _, out var error)
            ? Error(StatusCodes.Status400BadRequest, "attachment data is missing")
            : Error(StatusCodes.Status400BadRequest, error);
    }

    private static async Task<IResult> PublishAsync(HttpContext context, AuthorizedProject project, NpmDocumentScanner scanner, string name, NpmOptions options)
    {
        NpmUpload? upload = null;
        var duplicate = false;
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var publisher = context.RequestServices.GetRequiredService<PackagePublisher>();
        var result = await publisher.PublishAsync(project, new PublishRequest
        {
            Type = PackageType.Npm,
            Name = name,

            // The version is known once the whole document is read; the inspection below gives it.
            Version = string.Empty,
            FileName = name,
            MaxBytes = options.MaxDocumentSizeBytes,
            Duplicates = DuplicateRule.RejectExistingPackage,
            Inspect = async (written, cancellationToken) =>
            {
                var inspection = InspectUpload(scanner, written, name, out upload);
                if (upload is null)
                {
                    return inspection;
                }

                // A known duplicate is refused before its blob is committed, so it leaves nothing; the insert stays the real guard.
                duplicate = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, PackageType.Npm, upload.Name, upload.Version), cancellationToken).ConfigureAwait(false) is not null;
                return duplicate ? ContentInspection.Refused("duplicate") : inspection;
            },
        }, new NpmAttachmentStream(scanner), context.RequestAborted).ConfigureAwait(false);

        switch (result.Outcome)
        {
            case PublishOutcome.Published when upload is not null:
                await MoveTagsAsync(context, project, upload.Name, upload.Version, upload.Tags).ConfigureAwait(false);
                return Results.Json(new { ok = true, id = upload.Name }, statusCode: StatusCodes.Status201Created);
            case PublishOutcome.Duplicate when upload is not null:
            case PublishOutcome.Invalid when duplicate && upload is not null:
                return Error(StatusCodes.Status409Conflict, $"Cannot publish over the previously published version {upload.Version}.");
            case PublishOutcome.TooLarge:
                return Error(StatusCodes.Status413PayloadTooLarge, result.Error ?? "the tarball is too large");
            default:
                return Error(StatusCodes.Status400BadRequest, result.Error ?? "the tarball is invalid");
        }
    }

    /// <summary>Checks the whole document, now read, against the tarball written to the temp blob.</summary>
    private static ContentInspection InspectUpload(NpmDocumentScanner scanner, Stream written, string name, out NpmUpload? upload)
    {
        upload = null;
        if (NpmParser.ParseObjectOrNull(scanner.Metadata) is not { } document)
        {
            return ContentInspection.Refused("the body is not a JSON object");
        }

        if (!NpmParser.TryParseUpload(document, name, scanner.Attachment, out var parsed, out var error))
        {
            return ContentInspection.Refused(error);
        }

        if (NpmParser.InspectTarball(written, parsed.Name, parsed.Version) is { } tarError)
        {
            return ContentInspection.Refused(tarError);
        }

        upload = parsed;
        return new ContentInspection { Name = parsed.Name, Version = parsed.Version, FileName = parsed.FileName, Metadata = parsed.Manifest.ToJsonString() };
    }

    /// <summary>
    /// A PUT without attachments: deprecation (<c>versions[v].deprecated</c>) and dist-tags as the document says.
    /// Through <c>/-rev/{rev}</c> (npm's one-version unpublish) versions missing from the document are deleted;
    /// otherwise a missing version is left alone.
    /// </summary>
    private static async Task<IResult> UpdateAsync(HttpContext context, AuthorizedProject project, JsonObject document, string name, bool isRevision)
    {
        if (document["versions"] is not JsonObject sent)
        {
            return Error(StatusCodes.Status400BadRequest, "versions is missing");
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var versions = await ListAsync(context, project, name).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            return Error(StatusCodes.Status404NotFound, "Not found");
        }

        var removed = isRevision ? versions.Where(p => !sent.ContainsKey(p.Version)).ToList() : [];
        if (removed.Count > 0)
        {
            var deleting = await context.AuthorizeProjectAsync(Id(context), PackageAction.Delete).ConfigureAwait(false);
            if (deleting.Project is not { } deleteProject)
            {
                return Denied(context, deleting.Decision);
            }

            var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
            foreach (var package in removed)
            {
                await deleter.DeletePackageAsync(deleteProject, package.Id, context.RequestAborted).ConfigureAwait(false);
            }
        }

        var remaining = versions.Except(removed).ToList();
        Dictionary<string, string>? wantedTags = null;
        if (document["dist-tags"] is JsonObject tagsNode)
        {
            wantedTags = [];
            foreach (var (tag, value) in tagsNode)
            {
                if (value?.GetValueKind() == JsonValueKind.String && (string?)value is { } version && remaining.Any(p => p.Version == version) && NpmParser.IsValidTag(tag))
                {
                    wantedTags[tag] = version;
                }
            }
        }

        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var package in remaining)
        {
            var manifest = NpmDocuments.Manifest(package);
            var deprecated = (sent[package.Version] as JsonObject)?["deprecated"] is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : null;
            var status = package.Status;
            if (!string.IsNullOrEmpty(deprecated))
            {
                manifest["deprecated"] = deprecated;
                status = PackageStatus.Deprecated;
            }
            else
            {
                manifest.Remove("deprecated");
                status = status == PackageStatus.Deprecated ? PackageStatus.Default : status;
            }

            var tags = wantedTags is null
                ? package.Tags
                : wantedTags.Where(t => t.Value == package.Version).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
            var metadata = manifest.ToJsonString();
            if (status != package.Status || metadata != package.Metadata || !tags.SequenceEqual(package.Tags))
            {
                await store.UpdatePackageAsync(package.Id, status, tags, metadata, now, context.RequestAborted).ConfigureAwait(false);
            }
        }

        return Results.Json(new { ok = true, id = name });
    }

    private static async Task<IResult> UnpublishAllAsync(HttpContext context, string name)
    {
        if (!NpmParser.IsValidName(name))
        {
            return Error(StatusCodes.Status404NotFound, "Not found");
        }

        var access = await context.AuthorizeProjectAsync(Id(context), PackageAction.Delete).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return Denied(context, access.Decision);
        }

        var versions = await ListAsync(context, project, name).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            return Error(StatusCodes.Status404NotFound, "Not found");
        }

        var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
        foreach (var package in versions)
        {
            await deleter.DeletePackageAsync(project, package.Id, context.RequestAborted).ConfigureAwait(false);
        }

        return Results.Json(new { ok = true });
    }

    /// <summary>The last step of npm's one-version unpublish; the version is usually gone already (the PUT removed it).</summary>
    private static async Task<IResult> UnpublishVersionAsync(HttpContext context, string name, string file)
    {
        if (!NpmParser.IsValidName(name) || VersionOfFile(name, file) is not { } version)
        {
            return Error(StatusCodes.Status404NotFound, "Not found");
        }

        var access = await context.AuthorizeProjectAsync(Id(context), PackageAction.Delete).ConfigureAwait(false);
        if (access.Project is not { } project)
        {
            return Denied(context, access.Decision);
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var package = await store.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, PackageType.Npm, name, version), context.RequestAborted).ConfigureAwait(false);
        if (package is not null)
        {
            var deleter = context.RequestServices.GetRequiredService<PackageDeleter>();
            await deleter.DeletePackageAsync(project, package.Id, context.RequestAborted).ConfigureAwait(false);
        }

        return Results.Json(new { ok = true });
    }

    private static async Task<IResult> ListTagsAsync(HttpContext context, Locator locate, string name) =>
        (await FindVersionsAsync(context, locate, name).ConfigureAwait(false)).Succeeded(out var versions, out var failure)
            ? Results.Json(NpmDocuments.DistTags(versions))
            : failure;

    /// <summary>Every version of a package the caller may view, or the answer npm expects: 404 for an invalid or unknown name.</summary>
    private static async Task<Attempt<IReadOnlyList<Package>>> FindVersionsAsync(HttpContext context, Locator locate, string name)
    {
        if (!NpmParser.IsValidName(name))
        {
            return Attempt<IReadOnlyList<Package>>.Fail(Error(StatusCodes.Status404NotFound, "Not found"));
        }

        if (!(await locate(context, name, PackageAction.View).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return Attempt<IReadOnlyList<Package>>.Fail(denied);
        }

        var versions = await ListAsync(context, project, name).ConfigureAwait(false);
        return versions.Count == 0
            ? Attempt<IReadOnlyList<Package>>.Fail(Error(StatusCodes.Status404NotFound, "Not found"))
            : Attempt<IReadOnlyList<Package>>.Ok(versions);
    }

    private static async Task<IResult> AddTagAsync(HttpContext context, Locator locate, string name, string tag)
    {
        tag = Uri.UnescapeDataString(tag);
        if (!NpmParser.IsValidName(name) || !NpmParser.IsValidTag(tag))
        {
            return Error(StatusCodes.Status400BadRequest, "package name or tag is invalid");
        }

        if (!(await locate(context, name, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        if (!(await ReadBodyAsync(context, MaxSmallBodyBytes).ConfigureAwait(false)).Succeeded(out var body, out var failure))
        {
            return failure;
        }

        string? version;
        try
        {
            version = JsonSerializer.Deserialize<string>(body);
        }
        catch (JsonException)
        {
            version = null;
        }

        if (version is null || !NpmParser.IsValidVersion(version))
        {
            return Error(StatusCodes.Status400BadRequest, "the body must be a JSON string naming a version");
        }

        return await MoveTagsAsync(context, project, name, version, [tag]).ConfigureAwait(false)
            ? Results.Json(new { ok = true })
            : Error(StatusCodes.Status404NotFound, $"version {version} not found");
    }

    private static async Task<IResult> RemoveTagAsync(HttpContext context, Locator locate, string name, string tag)
    {
        tag = Uri.UnescapeDataString(tag);
        if (!NpmParser.IsValidName(name))
        {
            return Error(StatusCodes.Status400BadRequest, "package name is invalid");
        }

        if (!(await locate(context, name, PackageAction.Publish).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var found = false;
        foreach (var package in await ListAsync(context, project, name).ConfigureAwait(false))
        {
            if (package.Tags.Contains(tag))
            {
                found = true;
                await store.UpdatePackageAsync(package.Id, package.Status, package.Tags.Where(t => t != tag).ToList(), package.Metadata, now, context.RequestAborted).ConfigureAwait(false);
            }
        }

        return found ? Results.Json(new { ok = true }) : Error(StatusCodes.Status404NotFound, $"dist-tag {tag} not found");
    }

    /// <summary>Points <paramref name="tags"/> at one version: removes them from the versions that carry them, adds them to it.</summary>
    private static async Task<bool> MoveTagsAsync(HttpContext context, AuthorizedProject project, string name, string version, IReadOnlyList<string> tags)
    {
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var versions = await ListAsync(context, project, name).ConfigureAwait(false);
        var target = versions.FirstOrDefault(p => p.Version == version);
        if (target is null)
        {
            return false;
        }

        foreach (var package in versions.Where(p => p.Id != target.Id && p.Tags.Any(tags.Contains)))
        {
            await store.UpdatePackageAsync(package.Id, package.Status, package.Tags.Except(tags).ToList(), package.Metadata, now, context.RequestAborted).ConfigureAwait(false);
        }

        var wanted = target.Tags.Union(tags).Order(StringComparer.Ordinal).ToList();
        if (!wanted.SequenceEqual(target.Tags))
        {
            await store.UpdatePackageAsync(target.Id, target.Status, wanted, target.Metadata, now, context.RequestAborted).ConfigureAwait(false);
        }

        return true;
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext context)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null || principal.Kind == PrincipalKind.Anonymous)
        {
            return Unauthorized(context);
        }

        return Results.Json(new { username = principal.DisplayName ?? principal.Kind.ToString() });
    }

    /// <summary>
    /// Instance level: <c>@scope/name</c> lives in a project of the top-level group whose path is <c>scope</c>; the first
    /// project (by id) the caller may act on that has a package of that name.
    /// </summary>
    private static async Task<ProjectAccess> LocateByScopeAsync(HttpContext context, string name, PackageAction action)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null)
        {
            return new ProjectAccess(null, new PermissionDecision(Denial.Unauthenticated, "invalid credential"));
        }

        var notFound = new ProjectAccess(null, new PermissionDecision(principal.Kind == PrincipalKind.Anonymous ? Denial.Unauthenticated : Denial.NotFound, "no such package"));
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (!name.StartsWith('@') || slash < 2)
        {
            return notFound;
        }

        var directory = context.RequestServices.GetRequiredService<IProjectDirectory>();
        var group = await directory.FindGroupOrNullAsync(name[1..slash], context.RequestAborted).ConfigureAwait(false);
        if (group is null || group.ParentId is not null)
        {
            return notFound;
        }

        var accessService = context.RequestServices.GetRequiredService<ProjectAccessService>();
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        var projects = await directory.ListGroupProjectsAsync(group.Id, excludeSubgroups: false, context.RequestAborted).ConfigureAwait(false);
        foreach (var project in projects.OrderBy(p => p.Id))
        {
            var access = await accessService.EvaluateAsync(principal, project, action, EndpointScope.Instance, context.RequestAborted).ConfigureAwait(false);
            if (access.Project is not null
                && await store.FindVersionsFingerprintOrNullAsync(project.Id, PackageType.Npm, PackageType.Npm.NormalizeName(name), context.RequestAborted).ConfigureAwait(false) is not null)
            {
                return access;
            }
        }

        return notFound;
    }

    /// <summary>
    /// Group level, as GitLab does it: among the group's projects (subgroups included) the caller may act on, the one
    /// holding the most recently published version of the package.
    /// </summary>
    private static async Task<Attempt<AuthorizedProject>> LocateInGroupAsync(HttpContext context, string name, PackageAction action)
    {
        var notFound = Error(StatusCodes.Status404NotFound, "Not found");
        if (!(await context.AuthorizeGroupProjectsAsync(Id(context), action, excludeSubgroups: false, notFound).ConfigureAwait(false)).Succeeded(out var group, out var failure))
        {
            return Attempt<AuthorizedProject>.Fail(failure);
        }

        AuthorizedProject? newest = null;
        var newestAt = DateTimeOffset.MinValue;
        foreach (var project in group.Allowed)
        {
            foreach (var package in await ListAsync(context, project, name).ConfigureAwait(false))
            {
                if (package.CreatedAt > newestAt)
                {
                    (newest, newestAt) = (project, package.CreatedAt);
                }
            }
        }

        // An anonymous caller may be refused a private project that has the package: ask npm for its credential.
        return newest is not null
            ? Attempt<AuthorizedProject>.Ok(newest)
            : Attempt<AuthorizedProject>.Fail(group.IsAnonymous && (group.SomeNeedSignIn || group.Group.Visibility != ProjectVisibility.Public) ? Unauthorized(context) : notFound);
    }

    private static Attempt<AuthorizedProject> Located(HttpContext context, ProjectAccess access) =>
        access.Project is { } project ? Attempt<AuthorizedProject>.Ok(project) : Attempt<AuthorizedProject>.Fail(Denied(context, access.Decision));

    private static Task<IReadOnlyList<Package>> ListAsync(HttpContext context, AuthorizedProject project, string name) =>
        context.RequestServices.GetRequiredService<IPackageStore>()
            .ListVersionsAsync(project.Project.Id, PackageType.Npm, PackageType.Npm.NormalizeName(name), context.RequestAborted);

    /// <summary>The version in <c>{unscoped}-{version}.tgz</c>, or null when the file name is not this package's.</summary>
    private static string? VersionOfFile(string name, string file)
    {
        var prefix = NpmParser.Unscoped(name) + "-";
        if (!file.StartsWith(prefix, StringComparison.Ordinal) || !file.EndsWith(".tgz", StringComparison.Ordinal))
        {
            return null;
        }

        var version = file[prefix.Length..^".tgz".Length];
        return NpmParser.IsValidVersion(version) ? version : null;
    }

    /// <summary>The registry URL the request came through: everything up to <c>/packages/npm</c>, absolute.</summary>
    private static string RegistryUrl(HttpContext context)
    {
        var request = context.Request;
        var path = request.PathBase.Value + request.Path.Value;
        const string Marker = "/packages/npm";
        var index = path.IndexOf(Marker + "/", StringComparison.Ordinal);
        var prefix = index < 0 ? path.TrimEnd('/') : path[..(index + Marker.Length)];
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{prefix}";
    }

    /// <summary>Reads the body up to <paramref name="maxBytes"/>; null with an error and status when it is larger or cut short.</summary>
    private static async Task<Attempt<byte[]>> ReadBodyAsync(HttpContext context, long maxBytes)
    {
        if (RefuseOrAllowLargeBody(context, maxBytes) is { } tooLarge)
        {
            return Attempt<byte[]>.Fail(tooLarge);
        }

        using var buffer = new MemoryStream((int)Math.Min(context.Request.ContentLength ?? 0, maxBytes));
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return Attempt<byte[]>.Fail(Error(StatusCodes.Status413PayloadTooLarge, $"the document is too large: the limit is {maxBytes} bytes"));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            return Attempt<byte[]>.Fail(Error(ex.StatusCode, ex.Message));
        }

        return buffer.ToArray();
    }

    /// <summary>The 413 for a body announced larger than <paramref name="maxBytes"/>; otherwise null, and the server-wide limit is lifted as the caller enforces its own.</summary>
    private static IResult? RefuseOrAllowLargeBody(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"the document is too large: the limit is {maxBytes} bytes");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // The server-wide default (30 MB in Kestrel) would cut large packages; the format's own limit is enforced by the caller.
            bodySize.MaxRequestBodySize = null;
        }

        return null;
    }

    private static IResult Denied(HttpContext context, PermissionDecision decision) => decision.Denial switch
    {
        Denial.Unauthenticated => Unauthorized(context),
        Denial.Forbidden => Error(StatusCodes.Status403Forbidden, "403 Forbidden"),
        _ => Error(StatusCodes.Status404NotFound, "Not found"),
    };

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{RegistryAuthenticationDefaults.Realm}\"";
        return Error(StatusCodes.Status401Unauthorized, "401 Unauthorized");
    }

    private static IResult Error(int statusCode, string error) => Results.Json(new { error }, statusCode: statusCode);
}
