using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Registry.Core.Directory;
using Registry.Core.Packages;

namespace Registry.Formats.Api;

/// <summary>The JSON documents of the packages API, with GitLab's field names (https://docs.gitlab.com/ee/api/packages.html).</summary>
internal static class PackagesApiDocuments
{
    /// <summary>
    /// A package as listings show it; <paramref name="versions"/> (the other versions of its name, with their builds)
    /// only for the single-package answer, as GitLab's entity leaves it out of collections.
    /// </summary>
    public static PackageDocument Package(
        Package package,
        Project project,
        IReadOnlyList<BuildInfo> builds,
        PackageLinks links,
        bool mayDelete,
        bool withProject,
        IReadOnlyList<(Package Package, IReadOnlyList<BuildInfo> Builds)>? versions = null) => new(
        package.Id,
        package.Name,
        package.Version,
        package.Type,
        PackageListRequest.StatusName(package.Status),
        package.CreatedAt,
        package.LastDownloadedAt,
        package.Tags,
        Pipelines(builds),
        new LinksDocument(links.WebPath(project, package), mayDelete ? links.DeleteApiPath(project, package) : null),
        withProject ? project.Id : null,
        withProject ? project.FullPath : null,
        versions?.Select(static v => new VersionDocument(v.Package.Id, v.Package.Version, v.Package.CreatedAt, v.Package.Tags, Pipelines(v.Builds))).ToList());

    public static PackageDetailsDocument Details(Package package, Project project, IReadOnlyList<BuildInfo> builds, IReadOnlyList<PackageFile> files, IReadOnlyList<PackageSnippet> snippets, PackageLinks links, bool mayDelete) => new(
        Package(package, project, builds, links, mayDelete, withProject: false),
        [.. files.Select(File)],
        [.. snippets.Select(static s => new SnippetDocument(s.Title, s.Language, s.Code))],
        MetadataOrNull(package.Metadata));

    /// <summary>
    /// The format's stored metadata (npm's manifest, NuGet's nuspec fields, ...) as a JSON object for the package page;
    /// null when there is none or it is not an object.
    /// </summary>
    private static JsonObject? MetadataOrNull(string? metadata)
    {
        if (string.IsNullOrEmpty(metadata))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(metadata) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static PackageFileDocument File(PackageFile file) => new(
        file.Id, file.PackageId, file.CreatedAt, file.FileName, file.Size, file.Md5, file.Sha1, file.Sha256, []);

    public static PipelineDocument Pipeline(BuildInfo build) => new(
        build.PipelineId, build.Ref, build.CommitSha, build.UserId is { } userId ? new UserDocument(userId) : null, build.CreatedAt);

    /// <summary>GitLab exposes <c>pipelines</c> only when the package has build info.</summary>
    private static List<PipelineDocument>? Pipelines(IReadOnlyList<BuildInfo> builds) => builds.Count == 0 ? null : [.. builds.Select(Pipeline)];

    internal record PackageDocument(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("package_type")] string PackageType,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("last_downloaded_at")] DateTimeOffset? LastDownloadedAt,
        [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
        [property: JsonPropertyName("pipelines"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PipelineDocument>? Pipelines,
        [property: JsonPropertyName("_links")] LinksDocument Links,
        [property: JsonPropertyName("project_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ProjectId,
        [property: JsonPropertyName("project_path"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ProjectPath,
        [property: JsonPropertyName("versions"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<VersionDocument>? Versions = null);

    /// <summary>Another version of the package's name (GitLab's PackageVersion entity).</summary>
    internal sealed record VersionDocument(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
        [property: JsonPropertyName("pipelines"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PipelineDocument>? Pipelines);

    /// <summary>A package as the listing shows it, plus its files and the format's snippets.</summary>
    internal sealed record PackageDetailsDocument : PackageDocument
    {
        public PackageDetailsDocument(PackageDocument package, IReadOnlyList<PackageFileDocument> files, IReadOnlyList<SnippetDocument> snippets, JsonObject? metadata)
            : base(package)
        {
            Files = files;
            Snippets = snippets;
            Metadata = metadata;
        }

        /// <summary>The format's metadata (ours, as GitLab's GraphQL <c>metadata</c>); null when the format stores none.</summary>
        [JsonPropertyName("metadata")]
        public JsonObject? Metadata { get; }

        [JsonPropertyName("files")]
        public IReadOnlyList<PackageFileDocument> Files { get; }

        [JsonPropertyName("snippets")]
        public IReadOnlyList<SnippetDocument> Snippets { get; }
    }

    internal sealed record LinksDocument(
        [property: JsonPropertyName("web_path")] string WebPath,
        [property: JsonPropertyName("delete_api_path"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeleteApiPath);

    internal sealed record PackageFileDocument(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("package_id")] long PackageId,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("file_name")] string FileName,
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("file_md5")] string FileMd5,
        [property: JsonPropertyName("file_sha1")] string FileSha1,
        [property: JsonPropertyName("file_sha256")] string FileSha256,
        [property: JsonPropertyName("pipelines")] IReadOnlyList<PipelineDocument> Pipelines);

    internal sealed record PipelineDocument(
        [property: JsonPropertyName("id")] long? Id,
        [property: JsonPropertyName("ref")] string? Ref,
        [property: JsonPropertyName("sha")] string? Sha,
        [property: JsonPropertyName("user")] UserDocument? User,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

    internal sealed record UserDocument([property: JsonPropertyName("id")] long Id);

    internal sealed record SnippetDocument(
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("language")] string Language,
        [property: JsonPropertyName("code")] string Code);
}
