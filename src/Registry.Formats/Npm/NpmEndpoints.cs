using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Packages;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Hosting;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>
/// GitLab's npm registry API (https://docs.gitlab.com/ee/api/packages/npm.html): packuments, tarballs, publish,
/// deprecate, unpublish and dist-tags at <c>/api/v4/projects/{id}/packages/npm/</c>; reads and dist-tags at the group
/// level <c>/api/v4/groups/{id}/-/packages/npm/</c> and, for scoped packages, reads at
/// <c>/api/v4/packages/npm/</c>, where the scope names the top-level group. Errors are <c>{"error": "..."}</c>, which npm shows.
/// </summary>
internal static class NpmEndpoints
{
    private static readonly NpmErrorShape Errors = NpmErrorShape.Instance;

    /// <summary>Finds the project a package lives in and authorizes an action on it, or answers why not.</summary>
    internal delegate Task<Attempt<AuthorizedProject>> Locator(HttpContext context, string packageName, PackageAction action);

    public static void MapProject(IEndpointRouteBuilder project)
    {
        MapReads(project, NpmLocators.InProjectAsync);

        project.MapPut("/{name}", (HttpContext c, string name) => NpmPublishing.PutAsync(c, Decode(name), isRevision: false));
        project.MapPut("/@{scope}/{name}", (HttpContext c, string scope, string name) => NpmPublishing.PutAsync(c, Scoped(scope, name), isRevision: false));
        project.MapPut("/{name}/-rev/{rev}", (HttpContext c, string name) => NpmPublishing.PutAsync(c, Decode(name), isRevision: true));
        project.MapPut("/@{scope}/{name}/-rev/{rev}", (HttpContext c, string scope, string name) => NpmPublishing.PutAsync(c, Scoped(scope, name), isRevision: true));

        project.MapDelete("/{name}/-rev/{rev}", (HttpContext c, string name) => NpmPublishing.UnpublishAllAsync(c, Decode(name)));
        project.MapDelete("/@{scope}/{name}/-rev/{rev}", (HttpContext c, string scope, string name) => NpmPublishing.UnpublishAllAsync(c, Scoped(scope, name)));
        project.MapDelete("/{name}/-/{file}/-rev/{rev}", (HttpContext c, string name, string file) => NpmPublishing.UnpublishVersionAsync(c, Decode(name), file));
        project.MapDelete("/@{scope}/{name}/-/{file}/-rev/{rev}", (HttpContext c, string scope, string name, string file) => NpmPublishing.UnpublishVersionAsync(c, Scoped(scope, name), file));

        MapTagWrites(project, NpmLocators.InProjectAsync);
    }

    /// <summary>npm dist-tag add and rm, on the project the locator finds (GitLab has them at project and group level).</summary>
    private static void MapTagWrites(IEndpointRouteBuilder routes, Locator locate)
    {
        routes.MapPut("/-/package/{name}/dist-tags/{tag}", (HttpContext c, string name, string tag) => NpmDistTags.AddTagAsync(c, locate, Decode(name), tag));
        routes.MapPut("/-/package/@{scope}/{name}/dist-tags/{tag}", (HttpContext c, string scope, string name, string tag) => NpmDistTags.AddTagAsync(c, locate, Scoped(scope, name), tag));
        routes.MapDelete("/-/package/{name}/dist-tags/{tag}", (HttpContext c, string name, string tag) => NpmDistTags.RemoveTagAsync(c, locate, Decode(name), tag));
        routes.MapDelete("/-/package/@{scope}/{name}/dist-tags/{tag}", (HttpContext c, string scope, string name, string tag) => NpmDistTags.RemoveTagAsync(c, locate, Scoped(scope, name), tag));
    }

    public static void MapInstance(IEndpointRouteBuilder instance) =>
        MapReads(instance, NpmLocators.ByScopeAsync);

    /// <summary>The group level: reads (packuments, tarballs, dist-tags) and dist-tag writes of packages in the group's projects, subgroups included.</summary>
    public static void MapGroup(IEndpointRouteBuilder group)
    {
        MapReads(group, NpmLocators.NewestInGroupAsync);
        MapTagWrites(group, NpmLocators.NewestInGroupAsync);
    }

    private static void MapReads(IEndpointRouteBuilder routes, Locator locate)
    {
        routes.MapGetAndHead("/{name}", (HttpContext c, string name) => PackumentAsync(c, locate, Decode(name)));
        routes.MapGetAndHead("/@{scope}/{name}", (HttpContext c, string scope, string name) => ScopedPackumentOrVersionAsync(c, locate, scope, name));
        routes.MapGetAndHead("/{name}/{versionOrTag}", (HttpContext c, string name, string versionOrTag) => VersionAsync(c, locate, Decode(name), versionOrTag));
        routes.MapGetAndHead("/@{scope}/{name}/{versionOrTag}", (HttpContext c, string scope, string name, string versionOrTag) => ScopedVersionOrTarballAsync(c, locate, scope, name, versionOrTag));
        routes.MapGetAndHead("/{name}/-/{file}", (HttpContext c, string name, string file) => TarballAsync(c, locate, Decode(name), file));
        routes.MapGetAndHead("/@{scope}/{name}/-/{file}", (HttpContext c, string scope, string name, string file) => TarballAsync(c, locate, Scoped(scope, name), file));
        routes.MapGetAndHead("/-/package/{name}/dist-tags", (HttpContext c, string name) => ListTagsAsync(c, locate, Decode(name)));
        routes.MapGetAndHead("/-/package/@{scope}/{name}/dist-tags", (HttpContext c, string scope, string name) => ListTagsAsync(c, locate, Scoped(scope, name)));

        routes.MapGetAndHead("/-/whoami", (Delegate)(Func<HttpContext, Task<IResult>>)WhoAmIAsync);

        // GitLab has no npm login (users put a token in .npmrc): web and legacy login get its answer to an unknown route.
        routes.MapPost("/-/v1/login", () => Errors.Render(StatusCodes.Status404NotFound, "404 Not Found"));
        routes.MapPut("/-/user/{user}", () => Errors.Render(StatusCodes.Status404NotFound, "404 Not Found"));
        routes.MapGetAndHead("/-/ping", () => Results.Json(new { }));
        routes.MapPost("/-/npm/v1/security/advisories/bulk", () => Results.Json(new { }));
        routes.MapPost("/-/npm/v1/security/audits/quick", () => Results.Json(new { }));
    }

    internal static string Id(HttpContext context) => context.GetRouteValue("id") as string ?? string.Empty;

    // ASP.NET Core leaves %2F encoded in route values: npm sends scoped names as @scope%2fname.
    private static string Decode(string name) => Uri.UnescapeDataString(name);

    private static string Scoped(string scope, string name) => $"@{Uri.UnescapeDataString(scope)}/{Uri.UnescapeDataString(name)}";

    // "@{scope}" outranks "{name}" in routing, so "@scope%2fname/..." (pnpm and npm encode the slash) lands on the scoped
    // routes with the whole name in {scope}: these two send it where "/{name}/..." would have.
    private static bool IsEncodedScopedName(string scope) => Uri.UnescapeDataString(scope).Contains('/', StringComparison.Ordinal);

    private static Task<IResult> ScopedPackumentOrVersionAsync(HttpContext context, Locator locate, string scope, string name) =>
        IsEncodedScopedName(scope)
            ? VersionAsync(context, locate, "@" + Uri.UnescapeDataString(scope), name)
            : PackumentAsync(context, locate, Scoped(scope, name));

    private static Task<IResult> ScopedVersionOrTarballAsync(HttpContext context, Locator locate, string scope, string name, string versionOrTag)
    {
        if (!IsEncodedScopedName(scope))
        {
            return VersionAsync(context, locate, Scoped(scope, name), versionOrTag);
        }

        return name == "-"
            ? TarballAsync(context, locate, "@" + Uri.UnescapeDataString(scope), versionOrTag)
            : Task.FromResult(Errors.NotFound());
    }

    /// <summary>
    /// The packument, rendered once per change of the package (<see cref="DocumentCache"/>) and then only in the versions
    /// that changed (<see cref="DocumentFragmentCache"/>).
    /// </summary>
    private static Task<IResult> PackumentAsync(HttpContext context, Locator locate, string name)
    {
        var abbreviated = context.Request.Query["write"] != "true"
            && context.Request.Headers.Accept.ToString().Contains(NpmDocuments.AbbreviatedContentType, StringComparison.OrdinalIgnoreCase);
        context.Response.Headers.Vary = "Accept";
        var fragments = context.RequestServices.GetRequiredService<DocumentFragmentCache>();
        return ServeDocumentAsync(
            context,
            locate,
            name,
            abbreviated ? "abbreviated" : "full",
            abbreviated ? NpmDocuments.AbbreviatedContentType : "application/json",
            (project, registryUrl, key) => NpmPackumentLoader.RenderAsync(
                context.RequestServices.GetRequiredService<IPackageStore>(), fragments, key, abbreviated, name, project.Project.Id, registryUrl, context.RequestAborted));
    }

    /// <summary>
    /// One version's manifest, as the public registry answers <c>GET /{name}/{version}</c> and <c>GET /{name}/{tag}</c>
    /// (pnpm resolves <c>pnpm add name</c> and <c>name@version</c> this way): the object the full packument has under
    /// <c>versions[v]</c>, a dist-tag standing for its version.
    /// </summary>
    private static Task<IResult> VersionAsync(HttpContext context, Locator locate, string name, string versionOrTag) =>
        ServeDocumentAsync(context, locate, name, "version|" + versionOrTag, "application/json", async (project, registryUrl, _) =>
            NpmDocuments.Resolve(await ListAsync(context, project, name).ConfigureAwait(false), versionOrTag) is { } package
                ? DocumentBody.Of(Encoding.UTF8.GetBytes(NpmDocuments.Serialize(NpmDocuments.VersionManifest(name, package, registryUrl))))
                : null);

    /// <summary>
    /// A document of the package's live versions in the located project, rendered once per change of the package
    /// (<see cref="DocumentCache"/>) by <paramref name="render"/> from the project, the registry URL and the document's
    /// cache key (which names everything but the versions that the bytes depend on); null from it is 404.
    /// </summary>
    private static async Task<IResult> ServeDocumentAsync(HttpContext context, Locator locate, string name, string variant, string contentType, Func<AuthorizedProject, string, string, Task<DocumentBody?>> render)
    {
        if (!NpmParser.IsValidName(name))
        {
            return Errors.NotFound();
        }

        if (!(await locate(context, name, PackageAction.View).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var fingerprint = await reader.FindVersionsFingerprintOrNullAsync(project, NpmFormat.NpmType, name, context.RequestAborted).ConfigureAwait(false);
        var notFound = Errors.NotFound();
        if (fingerprint is null)
        {
            return notFound;
        }

        var registryUrl = RegistryUrls.Format(context.Request, NpmFormat.NpmType);
        var cache = context.RequestServices.GetRequiredService<DocumentCache>();
        var key = $"npm|{variant}|{registryUrl}|{project.Project.Id}|{name}";
        return await cache.ServeAsync(
            context,
            key,
            fingerprint,
            contentType,
            () => render(project, registryUrl, key),
            notFound).ConfigureAwait(false);
    }

    private static async Task<IResult> TarballAsync(HttpContext context, Locator locate, string name, string file)
    {
        if (!NpmParser.IsValidName(name) || VersionOfFile(name, file) is not { } version)
        {
            return Errors.NotFound();
        }

        if (!(await locate(context, name, PackageAction.Pull).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return denied;
        }

        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var download = await reader.OpenFileOrNullAsync(project, NpmFormat.NpmType, name, version, file, context.RequestAborted).ConfigureAwait(false);
        if (download is null)
        {
            return Errors.NotFound();
        }

        return RegistryResults.Download(context, download, download.File.FileName);
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
            return Attempt<IReadOnlyList<Package>>.Fail(Errors.NotFound());
        }

        if (!(await locate(context, name, PackageAction.View).ConfigureAwait(false)).Succeeded(out var project, out var denied))
        {
            return Attempt<IReadOnlyList<Package>>.Fail(denied);
        }

        var versions = await ListAsync(context, project, name).ConfigureAwait(false);
        return versions.Count == 0
            ? Attempt<IReadOnlyList<Package>>.Fail(Errors.NotFound())
            : Attempt<IReadOnlyList<Package>>.Ok(versions);
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext context)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null || principal.Kind == PrincipalKind.Anonymous)
        {
            return Errors.Unauthorized();
        }

        return Results.Json(new { username = principal.DisplayName ?? principal.Kind.ToString() });
    }

    /// <summary>Every live version of the package in the project, whatever the action it was authorized for (dist-tags and deprecation write with it).</summary>
    internal static Task<IReadOnlyList<Package>> ListAsync(HttpContext context, AuthorizedProject project, string name) =>
        context.RequestServices.GetRequiredService<IPackageStore>()
            .ListVersionsAsync(project.Project.Id, NpmFormat.NpmType, NpmFormat.NpmType.NormalizeName(name), context.RequestAborted);

    /// <summary>The version in <c>{unscoped}-{version}.tgz</c>, or null when the file name is not this package's.</summary>
    internal static string? VersionOfFile(string name, string file)
    {
        var prefix = NpmParser.Unscoped(name) + "-";
        if (!file.StartsWith(prefix, StringComparison.Ordinal) || !file.EndsWith(".tgz", StringComparison.Ordinal))
        {
            return null;
        }

        var version = file[prefix.Length..^".tgz".Length];
        return NpmParser.IsValidVersion(version) ? version : null;
    }
}
