using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Directory;
using Registry.Core.Locating;
using Registry.Core.Reading;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Formats.Hosting;
using Registry.Formats.Protocol;

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
    private static readonly ClientErrorShape Errors = ClientErrorShape.GitLab;
    private const string PathRoute = "/{**path}";
    private const int MaxInstanceProjects = 100;

    /// <summary>Finds the projects a read may look in, or the answer that refuses it.</summary>
    private delegate Task<Attempt<MavenReadScope>> ReadLocator(HttpContext context, MavenPath path);

    public static void Map(PackageFormatRoutes routes)
    {
        routes.Project.MapPut(PathRoute, MavenUploads.UploadAsync);
        routes.Project.MapGetAndHead(PathRoute, (HttpContext context, string id, string? path) =>
            DownloadAsync(context, path, (c, _) => ProjectScopeAsync(c, id)));
        routes.Group.MapGetAndHead(PathRoute, (HttpContext context, string id, string? path) =>
            DownloadAsync(context, path, (c, _) => GroupScopeAsync(c, id)));
        routes.Instance.MapGetAndHead(PathRoute, (HttpContext context, string? path) =>
            DownloadAsync(context, path, InstanceScopeAsync));
    }

    private static async Task<IResult> DownloadAsync(HttpContext context, string? path, ReadLocator locate)
    {
        if (!MavenParser.ParsePath(path).Succeeded(out var maven, out var invalid))
        {
            return Errors.BadRequest(invalid.Message);
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
        return result ?? (scope.ChallengeOnMiss ? Errors.Unauthorized() : Errors.NotFound());
    }

    private static async Task<IResult?> FileAsync(HttpContext context, MavenReadScope scope, MavenPath maven)
    {
        var reader = context.RequestServices.GetRequiredService<PackageReader>();
        var store = context.RequestServices.GetRequiredService<IPackageStore>();
        foreach (var project in scope.Projects)
        {
            var package = await reader.FindPackageOrNullAsync(project, MavenFormat.MavenType, maven.PackageName, maven.Version ?? string.Empty, context.RequestAborted).ConfigureAwait(false);
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
        var versions = await ProjectsFingerprint.ListVersionsAsync(reader, scope.Projects, MavenFormat.MavenType, maven.PackageName, context.RequestAborted).ConfigureAwait(false);

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
            var package = await reader.FindPackageOrNullAsync(project, MavenFormat.MavenType, maven.PackageName, version, context.RequestAborted).ConfigureAwait(false);
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
            : Attempt<MavenReadScope>.Fail(Errors.Denied(access.Decision));
    }

    private static async Task<Attempt<MavenReadScope>> GroupScopeAsync(HttpContext context, string id)
    {
        var groupNotFound = Errors.Render(StatusCodes.Status404NotFound, "404 Group Not Found");
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
    /// The instance level looks in the projects the caller may read that hold the path, in the order
    /// <see cref="PackageLocator.LocateByNameAsync"/> ranks them with the groupId's namespaces as owners
    /// (<see cref="OwnerGroupPaths"/>): a file comes from the first that has it. <c>maven-metadata.xml</c> lists the
    /// owners' versions only when an owner holds the name, so another namespace cannot slip a newer version into a
    /// build that resolves ranges or LATEST. A package only in projects that need a credential challenges an anonymous caller.
    /// </summary>
    private static async Task<Attempt<MavenReadScope>> InstanceScopeAsync(HttpContext context, MavenPath maven)
    {
        var principal = await context.GetRegistryPrincipalOrNullAsync().ConfigureAwait(false);
        if (principal is null)
        {
            return Attempt<MavenReadScope>.Fail(Errors.Unauthorized());
        }

        var locator = context.RequestServices.GetRequiredService<PackageLocator>();
        var version = maven.Kind == MavenPathKind.ArtifactMetadata ? null : maven.Version;
        var located = await locator.LocateByNameAsync(
            principal, MavenFormat.MavenType, maven.PackageName, version, OwnerGroupPaths(maven), PackageAction.Pull, MaxInstanceProjects, context.RequestAborted).ConfigureAwait(false);
        if (located.RegistryDisabled)
        {
            return Attempt<MavenReadScope>.Fail(Errors.Denied(PermissionDecision.InstanceRegistryDisabled));
        }

        var projects = maven.Kind == MavenPathKind.ArtifactMetadata && located.OwnerCount > 0
            ? located.Allowed.Take(located.OwnerCount).ToList()
            : located.Allowed;
        return new MavenReadScope(projects, ChallengeOnMiss: located.SomeNeedSignIn && principal.Kind == PrincipalKind.Anonymous);
    }

    /// <summary>
    /// The top-level group paths that own a groupId, most specific first: its segments from the last to the second
    /// (<c>com.demo.tools</c>: <c>tools</c>, <c>demo</c>). The first segment of a reverse-domain groupId is a top-level
    /// domain (<c>com</c>, <c>org</c>, <c>io</c>) that says nothing about who publishes, so a group named after it owns
    /// nothing; a groupId of one segment is owned by the group of that name.
    /// </summary>
    internal static IReadOnlyList<string> OwnerGroupPaths(MavenPath maven)
    {
        var segments = maven.GroupPath.Split('/');
        return segments.Length == 1 ? segments : [.. segments.Skip(1).Reverse()];
    }

    private static string ContentType(string fileName) =>
        fileName.EndsWith(".pom", StringComparison.Ordinal) || fileName.EndsWith(".xml", StringComparison.Ordinal)
            ? "application/xml"
            : fileName.EndsWith(".jar", StringComparison.Ordinal) ? "application/java-archive" : "application/octet-stream";
}
