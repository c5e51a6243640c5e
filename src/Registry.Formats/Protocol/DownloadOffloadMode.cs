namespace Registry.Formats.Protocol;

/// <summary>How a package file's bytes leave the host (<see cref="DownloadOffloadOptions.Mode"/>).</summary>
public enum DownloadOffloadMode
{
    /// <summary>The host sends the bytes itself (the default).</summary>
    None,

    /// <summary>
    /// nginx: the host authorizes the request and answers with <c>X-Accel-Redirect</c> naming an internal location, from
    /// which nginx sends the file (https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ignore_headers,
    /// https://www.nginx.com/resources/wiki/start/topics/examples/x-accel/).
    /// </summary>
    XAccelRedirect,

    /// <summary>Apache's mod_xsendfile and lighttpd: the host answers with <c>X-Sendfile</c> naming the file's absolute path.</summary>
    XSendfile,
}
