using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Protection;
using Registry.Core.Storage;
using Registry.Formats;
using Registry.Formats.Api;
using Registry.Formats.Hosting;
using Registry.Formats.Protocol;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the registry's HTTP API into a host's routing.</summary>
public static class PackageRegistryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every registered format at GitLab's API v4 routes
    /// (https://docs.gitlab.com/ee/api/packages.html): <c>/api/v4/projects/{id}/packages/{format}/...</c>,
    /// <c>/api/v4/groups/{id}/-/packages/{format}/...</c> and <c>/api/v4/packages/{format}/...</c>; the packages API and
    /// the groups' package settings; and, with the embedded directory (<c>UseEmbeddedDirectory()</c>, which registers
    /// <see cref="Registry.Core.Directory.IDirectoryAdministration"/>), its GitLab-shaped API for users, groups,
    /// projects, members, tokens and jobs.
    /// </summary>
    /// <param name="endpoints">The host's routes.</param>
    /// <param name="prefix">A path to mount everything under (for example <c>/registry</c>); empty for the root.</param>
    public static IEndpointConventionBuilder MapPackageRegistry(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        RequireDirectory(endpoints.ServiceProvider);
        var root = endpoints.MapGroup(prefix.TrimEnd('/'));
        var limiter = RegistryRateLimiter.CreateOrNull(endpoints.ServiceProvider);
        ((IEndpointConventionBuilder)root).Finally(endpoint =>
        {
            if (endpoint.RequestDelegate is { } handler)
            {
                endpoint.RequestDelegate = RegistryEndpointGuard.Wrap(handler, limiter);
            }
        });
        foreach (var format in endpoints.ServiceProvider.GetServices<IPackageFormat>())
        {
            var name = format.RouteSegment;
            // The format's error shape rides on its routes, so the kit answers in it (ClientErrors.Of).
            format.MapRoutes(new PackageFormatRoutes(
                root.MapGroup($"/api/v4/projects/{{id}}/packages/{name}").WithMetadata(format.Errors),
                root.MapGroup($"/api/v4/groups/{{id}}/-/packages/{name}").WithMetadata(format.Errors),
                root.MapGroup($"/api/v4/packages/{name}").WithMetadata(format.Errors),
                root.MapGroup(string.Empty).WithMetadata(format.Errors)));
        }

        PackagesApiEndpoints.Map(root);
        PackageSettingsApiEndpoints.Map(root);
        ProtectionRulesApiEndpoints.Map(root);
        StorageUsageApiEndpoints.Map(root);
        QuotaApiEndpoints.Map(root);
        CleanupPolicyApiEndpoints.Map(root);
        InstanceApiEndpoints.Map(root);

        // A host that brings its own users and projects registers no IDirectoryAdministration: its directory is managed elsewhere.
        if (endpoints.ServiceProvider.GetService<Registry.Core.Directory.IDirectoryAdministration>() is not null)
        {
            DirectoryApiEndpoints.Map(root);
        }

        UnmatchedApiRoutes.Map(root);
        return root;
    }

    /// <summary>
    /// Stops the host at start when no directory is registered: the metadata providers no longer bring one, and
    /// without it every authenticated request would fail on a missing service instead.
    /// </summary>
    private static void RequireDirectory(IServiceProvider services)
    {
        if (services.GetService<IServiceProviderIsService>() is { } registered
            && !(registered.IsService(typeof(Registry.Core.Directory.IProjectDirectory)) && registered.IsService(typeof(Registry.Core.Security.ICredentialValidator))))
        {
            throw new InvalidOperationException(
                "The registry needs a directory of users and projects: call UseEmbeddedDirectory() with UseSqlite() or UsePostgreSql(), "
                + "or register your own IProjectDirectory and ICredentialValidator.");
        }
    }
}
