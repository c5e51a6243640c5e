namespace Registry.Core.Storage;

/// <summary>
/// An optional capability of an <see cref="IBlobStore"/>: handing out a time-limited URL from which a client fetches a
/// blob directly, so that a download is answered with a redirect instead of streaming the bytes through the host
/// (GitLab's <c>proxy_download: false</c>). Stores that cannot, or are configured not to, return null and the host
/// streams the blob as usual.
/// </summary>
public interface IBlobUrlProvider
{
    /// <summary>
    /// A URL that answers a plain <c>GET</c> (no credentials) with the blob's bytes, or null when the blob is to be
    /// streamed by the host.
    /// </summary>
    /// <param name="key">The blob's SHA-256, lowercase hex.</param>
    /// <param name="fileName">The name the client should save the bytes under (<c>Content-Disposition</c>).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    Task<Uri?> GetDownloadUrlOrNullAsync(string key, string fileName, CancellationToken cancellationToken);
}
