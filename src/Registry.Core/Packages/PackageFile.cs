namespace Registry.Core.Packages;

/// <summary>A file of a package, with the four digests clients and the API report.</summary>
public sealed record PackageFile
{
    /// <summary>Database id.</summary>
    public required long Id { get; init; }
    /// <summary>Owning package id.</summary>
    public required long PackageId { get; init; }
    /// <summary>File name as uploaded.</summary>
    public required string FileName { get; init; }
    /// <summary>Size in bytes.</summary>
    public required long Size { get; init; }
    /// <summary>MD5, lowercase hex.</summary>
    public required string Md5 { get; init; }
    /// <summary>SHA-1, lowercase hex.</summary>
    public required string Sha1 { get; init; }
    /// <summary>SHA-256, lowercase hex; also the blob's key.</summary>
    public required string Sha256 { get; init; }
    /// <summary>SHA-512, lowercase hex.</summary>
    public required string Sha512 { get; init; }
    /// <summary>When it was uploaded.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
}
