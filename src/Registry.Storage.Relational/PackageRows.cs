using System.Text.Json;
using System.Data.Common;
using Registry.Core.Packages;
using Registry.Core.Storage;

namespace Registry.Storage.Relational;

/// <summary>The column lists and row readers of packages, files and build infos, kept in one place so they stay in step.</summary>
internal static class PackageRows
{
    /// <summary>Package columns, aliased <c>p</c>, in the order <see cref="ReadPackage"/> reads them.</summary>
    public const string PackageColumns =
        "p.id, p.project_id, p.type, p.name, p.normalized_name, p.version, p.normalized_version, p.status, p.tags, p.metadata, p.created_at, p.updated_at";

    /// <summary>
    /// The columns of one version in the catalog of a name (<see cref="ReadCatalogRow"/>): its row without the metadata,
    /// whose size in bytes stands in its place (from the record header, the text is not read), and without the project,
    /// type and normalized name the query fixes; then what the versions fingerprint (<see cref="VersionsFingerprint"/>)
    /// counts besides: the number of the version's live files and the newest one's id (0 without one), from the
    /// <c>package_files</c> index on <c>package_id</c>. Columns 0 id, 1 name, 2 version, 3 normalized version, 4 status,
    /// 5 tags as stored, 6 metadata bytes, 7 created, 8 updated (as stored), 9 live files, 10 newest live file id.
    /// </summary>
    public const string CatalogColumns =
        "p.id, p.name, p.version, p.normalized_version, p.status, p.tags, COALESCE(octet_length(p.metadata), 0), p.created_at, p.updated_at"
        + ", (SELECT COUNT(*) FROM package_files f WHERE f.package_id = p.id AND f.status = 0)"
        + ", (SELECT COALESCE(MAX(f.id), 0) FROM package_files f WHERE f.package_id = p.id AND f.status = 0)";

    /// <summary>File columns, aliased <c>f</c>, in the order <see cref="ReadFile"/> reads them.</summary>
    public const string FileColumns =
        "f.id, f.package_id, f.file_name, f.size, f.md5, f.sha1, f.sha256, f.sha512, f.created_at";

    /// <summary>Build info columns in the order <see cref="ReadBuildInfo(DbDataReader)"/> reads them.</summary>
    public const string BuildInfoColumns = "pipeline_id, ref, commit_sha, user_id, created_at";

    /// <summary><c>package_files.status</c> of a file that is served.</summary>
    public const int LiveFile = 0;

    /// <summary><c>package_files.status</c> of a deleted file awaiting the purge.</summary>
    public const int PendingDestructionFile = 1;

    /// <summary><see cref="PackageStatus.PendingDestruction"/> as stored.</summary>
    public const int PendingDestructionPackage = (int)PackageStatus.PendingDestruction;

    /// <summary>Reads a row selected with <see cref="PackageColumns"/>.</summary>
    public static Package ReadPackage(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        ProjectId = reader.GetInt64(1),
        Type = reader.GetString(2),
        Name = reader.GetString(3),
        NormalizedName = reader.GetString(4),
        Version = reader.GetString(5),
        NormalizedVersion = reader.GetString(6),
        Status = (PackageStatus)reader.GetInt32(7),
        Tags = DeserializeTags(reader.GetString(8)),
        Metadata = reader.GetStringOrNull(9),
        CreatedAt = reader.GetTime(10),
        UpdatedAt = reader.GetTime(11),
    };

    /// <summary>
    /// Reads a row selected with <see cref="CatalogColumns"/> from the catalog of <paramref name="normalizedName"/> in a
    /// project, its tags as stored (column 5) read by the caller, which hashes them too.
    /// </summary>
    public static VersionSummary ReadCatalogRow(DbDataReader reader, string tags, long projectId, string type, string normalizedName) => new(
        new Package
        {
            Id = reader.GetInt64(0),
            ProjectId = projectId,
            Type = type,
            Name = reader.GetString(1),
            NormalizedName = normalizedName,
            Version = reader.GetString(2),
            NormalizedVersion = reader.GetString(3),
            Status = (PackageStatus)reader.GetInt32(4),
            Tags = DeserializeTags(tags),
            CreatedAt = reader.GetTime(7),
            UpdatedAt = reader.GetTime(8),
        },
        reader.GetInt64(6));

    /// <summary>Reads a row selected with <see cref="FileColumns"/>.</summary>
    public static PackageFile ReadFile(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        PackageId = reader.GetInt64(1),
        FileName = reader.GetString(2),
        Size = reader.GetInt64(3),
        Md5 = reader.GetString(4),
        Sha1 = reader.GetString(5),
        Sha256 = reader.GetString(6),
        Sha512 = reader.GetString(7),
        CreatedAt = reader.GetTime(8),
    };

    /// <summary>Reads a row selected with <see cref="BuildInfoColumns"/>.</summary>
    public static BuildInfo ReadBuildInfo(DbDataReader reader) => ReadBuildInfo(reader, offset: 0);

    /// <summary>Reads <see cref="BuildInfoColumns"/> starting at column <paramref name="offset"/>.</summary>
    public static BuildInfo ReadBuildInfo(DbDataReader reader, int offset) => new()
    {
        PipelineId = reader.GetInt64OrNull(offset),
        Ref = reader.GetStringOrNull(offset + 1),
        CommitSha = reader.GetStringOrNull(offset + 2),
        UserId = reader.GetInt64OrNull(offset + 3),
        CreatedAt = reader.GetTime(offset + 4),
    };

    /// <summary>Tags as the JSON array text stored in <c>packages.tags</c>.</summary>
    public static string SerializeTags(IReadOnlyList<string> tags) => JsonSerializer.Serialize(tags);

    // Most versions have no tag: "[]" needs no parser (10,000 of them per read of a big package's versions).
    private static string[] DeserializeTags(string json) => json == "[]" ? [] : JsonSerializer.Deserialize<string[]>(json) ?? [];
}
