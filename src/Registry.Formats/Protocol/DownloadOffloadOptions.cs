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

    /// <summary>
    /// <see cref="DownloadOffloadMode.XAccelRedirect"/>: how long, in seconds, nginx may reuse the host's answer to a
    /// download for the same credentials and URL and send the file without asking the host again
    /// (<c>PackageRegistry:Downloads:Offload:GrantSeconds</c>; the README's "grant" configuration). The host sends it as
    /// <c>X-Accel-Expires</c> on an authorized download whose caller is anonymous or signed in with a registry token,
    /// never for a caller signed in by one of the host's own schemes, which may rest on more than the headers nginx keys
    /// on. After a token is revoked, a membership removed or a project made private, a file already granted still
    /// downloads from nginx for at most this long and one second more (nginx counts whole seconds), and nginx's reuses
    /// are not counted as downloads. 0 (the default): the host answers every download.
    /// </summary>
    public int GrantSeconds { get; set; }
}
