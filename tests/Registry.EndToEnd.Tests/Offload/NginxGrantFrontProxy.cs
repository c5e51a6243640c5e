using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Offload;

/// <summary>
/// The sample host behind nginx with download grants (issue 19): the README's grant configuration, with this fixture's
/// ports and directories and the repository's <c>samples/nginx/registry-grant.js</c>. The host grants
/// <see cref="GrantSeconds"/>.
/// </summary>
public sealed class NginxGrantFrontProxy() : NginxFrontProxy(GrantSeconds)
{
    /// <summary>Long enough for a test's next request to fall inside the grant, short enough to wait out.</summary>
    public const int GrantSeconds = 8;

    /// <summary>The README's nginx configuration for download grants, for this fixture's ports and directories.</summary>
    public static string Configuration(string work, int port, string upstream, string blobs, string jsModule)
    {
        var script = Path.Combine(RepositoryRoot.Path, "samples", "nginx", "registry-grant.js");
        var upstreamHost = new Uri(upstream).Authority;
        return Frame(work, mainContext: $"load_module {jsModule};", http: $$"""
            js_import registry from {{script}};
            js_set $registry_grant_key registry.grantKey;
            proxy_cache_path {{work}}/grants levels=1:2 keys_zone=registry_grants:10m max_size=100m inactive=10m use_temp_path=off;
            upstream registry_host { server {{upstreamHost}}; keepalive 32; }
            upstream registry_grants { server unix:{{work}}/grants.sock; keepalive 32; }
            map $request_method $registry_upstream { GET registry_grants; HEAD registry_grants; default registry_host; }

            server {
              listen 127.0.0.1:{{port}};
              location / {
                proxy_pass http://$registry_upstream;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $http_host;
                proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                proxy_request_buffering off;
              }
            {{BlobLocation(blobs)}}
            }

            server {
              listen unix:{{work}}/grants.sock;
              location / {
                proxy_pass http://registry_host;
                proxy_http_version 1.1;
                proxy_set_header Connection "";
                proxy_set_header Host $http_host;
                proxy_cache registry_grants;
                proxy_cache_key $registry_grant_key;
                proxy_ignore_headers X-Accel-Redirect Cache-Control Expires Set-Cookie;
                proxy_pass_header X-Accel-Redirect;
                max_ranges 0;
              }
            }
            """);
    }
}
