using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Offload;

/// <summary>
/// The sample host behind nginx with download grants (issue 19): the README's grant configuration as written there
/// (<see cref="ReadmeNginx"/>), with this fixture's ports and directories and the repository's
/// <c>samples/nginx/registry-grant.js</c>. The host grants <see cref="GrantSeconds"/>.
/// </summary>
public sealed class NginxGrantFrontProxy : NginxFrontProxy
{
    /// <summary>Long enough for a test's next request to fall inside the grant, short enough to wait out.</summary>
    public const int GrantSeconds = 8;

    public NginxGrantFrontProxy() =>
        Host.Environment["PackageRegistry__Downloads__Offload__GrantSeconds"] = GrantSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The README's nginx configuration for download grants, for this fixture's ports and directories.</summary>
    public static string Configuration(string work, int port, string upstream, string blobs, string jsModule)
    {
        var script = Path.Combine(RepositoryRoot.Path, "samples", "nginx", "registry-grant.js");
        return Frame(work, ReadmeNginx.GrantHttpBlock(work, port, new Uri(upstream).Authority, blobs, script), mainContext: $"load_module {jsModule};");
    }

    /// <inheritdoc />
    protected override string? ConfigurationOrNull(string work, string blobs) =>
        NginxJsModule.PathOrNull is { } module ? Configuration(work, Port, Host.BaseUrl, blobs, module) : null;
}
