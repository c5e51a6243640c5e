using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Registry.Core.Bootstrap;
using Registry.Formats;

namespace Registry.Sample;

/// <summary>
/// Prints, once the server listens, the URL each client needs for the bootstrap project (npm's registry, NuGet's
/// source, ...), so a first user can copy them instead of assembling them from the README.
/// </summary>
internal static class StartupBanner
{
    public static void PrintWhenStarted(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var bootstrap = app.Services.GetRequiredService<IOptions<RegistryBootstrapOptions>>().Value;
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is null || string.IsNullOrEmpty(bootstrap.Group) || string.IsNullOrEmpty(bootstrap.Project))
            {
                return;
            }

            // A wildcard listening address is not one a client can use; the same machine reaches it as localhost.
            var baseUrl = address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .TrimEnd('/');
            var project = Uri.EscapeDataString($"{bootstrap.Group}/{bootstrap.Project}");
            Console.WriteLine($"Registry URLs of the project {bootstrap.Group}/{bootstrap.Project} (token: PackageRegistry:Bootstrap, see README.md):");
            foreach (var format in app.Services.GetServices<IPackageFormat>())
            {
                Console.WriteLine($"  {format.Type.Name,-10} {format.GetProjectRegistryUrl(baseUrl, project)}");
            }
        });
}
