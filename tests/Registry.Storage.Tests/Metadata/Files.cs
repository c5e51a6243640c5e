using System.Security.Cryptography;
using System.Text;
using Registry.Core.Packages;
using Registry.Core.Storage;

namespace Registry.Storage.Tests.Metadata;

/// <summary>Builds <see cref="NewPackageFile"/>s with real digests of a small content.</summary>
internal static class Files
{
    public static BlobDescriptor Blob(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return new BlobDescriptor(
            sha256,
            bytes.Length,
            // The store records digests without checking them; distinct stand-ins keep the columns apart.
            sha256[..32],
            sha256[..40],
            sha256,
            Convert.ToHexStringLower(SHA512.HashData(bytes)));
    }

    public static NewPackageFile New(
        string name = "pkg",
        string version = "1.0.0",
        string fileName = "pkg-1.0.0.tgz",
        string content = "content",
        DuplicateRule duplicates = DuplicateRule.Allow,
        long projectId = 1,
        PackageType? type = null,
        DateTimeOffset? at = null,
        PackageStatus status = PackageStatus.Default,
        string? metadata = null,
        BuildInfo? build = null) => new()
        {
            Coordinate = PackageCoordinate.Create(projectId, type ?? TestTypes.Generic, name, version),
            Name = name,
            Version = version,
            FileName = fileName,
            Blob = Blob(content),
            Duplicates = duplicates,
            CreatedAt = at ?? TestDatabase.Start,
            Status = status,
            Metadata = metadata,
            Build = build,
        };
}
