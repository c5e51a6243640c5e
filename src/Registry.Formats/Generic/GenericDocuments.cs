using System.Text.Json.Serialization;
using Registry.Core.Packages;

namespace Registry.Formats.Generic;

/// <summary>The JSON documents of the generic API: the package file record returned by <c>?select=package_file</c>.</summary>
internal static class GenericDocuments
{
    public static PackageFileDocument PackageFile(PackageFile file, string downloadPath) => new(
        file.Id, file.PackageId, file.CreatedAt, file.CreatedAt, file.Size, 1,
        file.Md5, file.Sha1, file.Sha256, file.FileName, new FileLink(downloadPath));

    internal sealed record PackageFileDocument(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("package_id")] long PackageId,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("updated_at")] DateTimeOffset UpdatedAt,
        [property: JsonPropertyName("size")] long Size,
        [property: JsonPropertyName("file_store")] int FileStore,
        [property: JsonPropertyName("file_md5")] string FileMd5,
        [property: JsonPropertyName("file_sha1")] string FileSha1,
        [property: JsonPropertyName("file_sha256")] string FileSha256,
        [property: JsonPropertyName("file_name")] string FileName,
        [property: JsonPropertyName("file")] FileLink File);

    internal sealed record FileLink([property: JsonPropertyName("url")] string Url);
}
