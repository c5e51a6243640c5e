using Registry.Core;
using Registry.Formats;
using Registry.Formats.Go;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Go module proxy.</summary>
public static class GoRegistryBuilderExtensions
{
    /// <summary>
    /// Adds GitLab's Go proxy (https://docs.gitlab.com/ee/user/packages/go_proxy/), the GOPROXY protocol
    /// (https://go.dev/ref/mod#goproxy-protocol) at <c>/api/v4/projects/{id}/packages/go</c>, and an upload of module zips at
    /// <c>PUT /api/v4/projects/{id}/packages/go/upload</c>, configured from <c>PackageRegistry:Go</c>.
    /// </summary>
    public static PackageRegistryBuilder AddGo(this PackageRegistryBuilder builder) =>
        builder.AddValidatedOptions<GoOptions, GoOptionsValidator>(GoOptions.SectionName)
            .AddFormat<GoFormat>();
}
