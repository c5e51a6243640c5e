using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Storage;
using Registry.Formats.Hosting;
using Registry.Formats.Protocol;

namespace Registry.Formats;

/// <summary>Maps the registry's HTTP API into a host's routing.</summary>
public static class PackageRegistryEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every registered format at GitLab's API v4 routes
    /// (https://docs.gitlab.com/ee/api/packages.html): <c>/api/v4/projects/{id}/packages/{format}/...</c>,
    /// <c>/api/v4/groups/{id}/-/packages/{format}/...</c> and <c>/api/v4/packages/{format}/...</c>; the packages API; and,
    /// with the embedded directory, its GitLab-shaped API for users, groups, projects, members, tokens, jobs and
    /// package settings.
    /// </summary>
    /// <param name="endpoints">The host's routes.</param>
    /// <param name="prefix">A path to mount everything under (for example <c>/registry</c>); empty for the root.</param>
    public static IEndpointConventionBuilder MapPackageRegistry(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var root = endpoints.MapGroup(prefix.TrimEnd('/'));
        ((IEndpointConventionBuilder)root).Finally(static endpoint =>
        {
            if (endpoint.RequestDelegate is { } inner)
            {
                endpoint.RequestDelegate = context => RequestReadScope.ForReadOrNull(context) is { } scope ? ReadScopedAsync(scope, context, inner) : inner(context);
            }
        });
        foreach (var format in endpoints.ServiceProvider.GetServices<IPackageFormat>())
        {
            var name = format.Type.Name;
            // The format's error shape rides on its routes, so the kit answers in it (ClientErrors.Of).
            format.MapRoutes(new PackageFormatRoutes(
                root.MapGroup($"/api/v4/projects/{{id}}/packages/{name}").WithMetadata(format.Errors),
                root.MapGroup($"/api/v4/groups/{{id}}/-/packages/{name}").WithMetadata(format.Errors),
                root.MapGroup($"/api/v4/packages/{name}").WithMetadata(format.Errors)));
        }

        Api.PackagesApiEndpoints.Map(root);

        // A host that brings its own users and projects registers no IDirectoryAdministration: its directory is managed elsewhere.
        if (endpoints.ServiceProvider.GetService<Registry.Core.Directory.IDirectoryAdministration>() is not null)
        {
            Api.DirectoryApiEndpoints.Map(root);
        }
        return root;
    }

    /// <summary>
    /// Runs a read request in a <see cref="ReadScope"/>, so the stores check once that nothing changed and answer its
    /// token, project, membership and package lookups from memory. Requests that write read through: a scope must not
    /// span a write.
    /// </summary>
    private static async Task ReadScopedAsync(ReadScope scope, HttpContext context, RequestDelegate inner)
    {
        using var entered = scope.Enter();
        await inner(context).ConfigureAwait(false);
    }
}
