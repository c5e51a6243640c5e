namespace Registry.Storage.S3;

/// <summary>
/// Where and how blobs are kept in an S3 bucket, bound from <c>PackageRegistry:Blobs:S3</c> and validated at start.
/// Works with Amazon S3 and with S3-compatible stores (MinIO, Ceph, s3rver) through <see cref="ServiceUrl"/> and
/// <see cref="ForcePathStyle"/>.
/// </summary>
public sealed class S3BlobOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PackageRegistry:Blobs:S3";

    /// <summary>The smallest part S3 accepts in a multipart upload (all but the last part).</summary>
    public const int MinPartSizeBytes = 5 * 1024 * 1024;

    /// <summary>The endpoint of an S3-compatible store (<c>:ServiceUrl</c>, e.g. <c>http://127.0.0.1:9000</c>); Amazon S3 of <see cref="Region"/> when empty.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket (<c>:Bucket</c>); required. It must exist.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>The region (<c>:Region</c>); also the signing region of an S3-compatible store.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>The access key id (<c>:AccessKey</c>); with neither key set, the SDK's default credential chain (environment, profile, instance role) is used.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret access key (<c>:SecretKey</c>).</summary>
    public string? SecretKey { get; set; }

    /// <summary>Addresses the bucket in the path rather than the host name (<c>:ForcePathStyle</c>); most S3-compatible stores need it.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>
    /// Streams downloads through the host (<c>:ProxyDownload</c>, true by default). When false, a <c>GET</c> of a package
    /// file is answered with a redirect to a presigned URL of the bucket, as GitLab does with <c>proxy_download: false</c>;
    /// clients then need to reach the bucket themselves.
    /// </summary>
    public bool ProxyDownload { get; set; } = true;

    /// <summary>How long a presigned download URL stays valid (<c>:PresignedUrlLifetime</c>).</summary>
    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The part size of multipart uploads (<c>:PartSizeBytes</c>): the one buffer an upload holds in memory, and the size
    /// above which an upload goes multipart. At most 10,000 parts make a blob, so 8 MiB parts allow blobs up to 78 GiB,
    /// but a blob above 5 GiB cannot be committed by a single server-side copy and is refused.
    /// </summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Sends request bodies in <c>aws-chunked</c> encoding (<c>:UseChunkEncoding</c>; off by default, unlike the SDK).
    /// Off, the body goes as it is, which every S3-compatible store reads right; on saves hashing a part before sending
    /// it, but stores such as s3rver keep the chunk framing inside the object. A store that does is refused at start
    /// (<c>S3StartupProbe</c>) and caught at every commit, which compares the stored size with the bytes written.
    /// </summary>
    public bool UseChunkEncoding { get; set; }

    /// <summary>When checksums are sent and checked (<c>:Checksums</c>); <see cref="S3ChecksumPolicy.WhenRequired"/> for stores that reject the SDK's trailing checksums.</summary>
    public S3ChecksumPolicy Checksums { get; set; } = S3ChecksumPolicy.WhenSupported;
}
