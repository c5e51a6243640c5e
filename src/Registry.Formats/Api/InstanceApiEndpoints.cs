using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Registry.Formats.Protocol;

namespace Registry.Formats.Api;

/// <summary>
/// GitLab's <c>/version</c> (https://docs.gitlab.com/ee/api/version.html) and <c>/metadata</c>
/// (https://docs.gitlab.com/ee/api/metadata.html), which API clients call first to check the server and its
/// version: signed-in callers only, as on GitLab. <c>version</c> names the GitLab API level this registry follows.
/// </summary>
internal static class InstanceApiEndpoints
{
    /// <summary>The GitLab release whose API v4 shapes this registry follows; clients compare against it to pick features.</summary>
    public const string GitLabVersion = "17.0.0";

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGetAndHead("/api/v4/version", (Delegate)VersionAsync);
        root.MapGetAndHead("/api/v4/metadata", (Delegate)MetadataAsync);
    }

    private static async Task<IResult> VersionAsync(HttpContext context) =>
        (await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out _, out var failure)
            ? GitLabJson.Result(new { version = GitLabVersion, revision = Revision })
            : failure;

    private static async Task<IResult> MetadataAsync(HttpContext context) =>
        (await DirectoryCaller.SignedInAsync(context, write: false).ConfigureAwait(false)).Succeeded(out _, out var failure)
            ? GitLabJson.Result(new
            {
                version = GitLabVersion,
                revision = Revision,
                // No GitLab agent server here: GitLab's own shape for an instance without one.
                kas = new { enabled = false, externalUrl = (string?)null, externalK8sProxyUrl = (string?)null, version = (string?)null },
                enterprise = false,
            })
            : failure;

    /// <summary>The SDK's own build, in <c>revision</c>, where GitLab names its commit.</summary>
    private static string Revision { get; } =
        typeof(InstanceApiEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
