namespace Registry.Formats.Protocol;

/// <summary>
/// Downloads served by the front proxy (<c>PackageRegistry:Downloads:Offload</c>), the way GitLab Workhorse serves
/// files: the host checks the token and permission as for any download, then hands the proxy the blob's path in a
/// header and sends no body; the proxy sends the file with <c>sendfile</c>, ranges and <c>HEAD</c> included. Only for
/// blob stores with local files (a directory the proxy can read); S3 keeps its presigned redirects.
/// </summary>
public sealed class DownloadOffloadOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Downloads:Offload";

    /// <summary>Off by default: without a proxy configured to honour the header, clients would get empty files.</summary>
    public DownloadOffloadMode Mode { get; set; } = DownloadOffloadMode.None;

    /// <summary>
    /// <see cref="DownloadOffloadMode.XAccelRedirect"/>: the nginx location, marked <c>internal</c>, whose <c>alias</c> is
    /// <see cref="Root"/> (<c>PackageRegistry:Downloads:Offload:InternalPrefix</c>); starts and ends with <c>/</c>.
    /// </summary>
    public string InternalPrefix { get; set; } = "/_registry_blobs/";

    /// <summary>
    /// <see cref="DownloadOffloadMode.XAccelRedirect"/>: the blob directory, absolute, that the internal location
    /// aliases (<c>PackageRegistry:Downloads:Offload:Root</c>; the sample host's is <c>&lt;DataPath&gt;/blobs</c>). A
    /// file outside it is sent by the host itself.
    /// </summary>
    public string? Root { get; set; }
}
