using Microsoft.Extensions.Options;
using Registry.Core.Directory;
using Registry.Core.Options;
using Registry.Core.Security;

namespace Registry.Sample;

/// <summary>
/// Gives a fresh sample host something to use: an admin user, a group <c>demo</c> and a private project
/// <c>demo/app</c>, and the admin's personal access token. Runs before the server accepts requests.
/// </summary>
internal sealed partial class SampleBootstrap(
    IDirectoryAdministration directory,
    IOptions<BootstrapOptions> bootstrap,
    IOptions<PackageRegistryOptions> registry,
    ILogger<SampleBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosts sharing one database may boot at once: the one that loses the race to create the admin finds it instead.
        var admin = await directory.FindUserOrNullAsync("admin", cancellationToken)
            ?? await directory.TryCreateUserAsync("admin", "Administrator", isAdmin: true, cancellationToken)
            ?? await directory.FindUserOrNullAsync("admin", cancellationToken)
            ?? throw new InvalidOperationException("Could not create the admin user.");
        var group = await directory.TryCreateGroupAsync("demo", "demo", null, ProjectVisibility.Private, cancellationToken);
        if (group is not null)
        {
            await directory.TryCreateProjectAsync("app", "app", group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, cancellationToken);
            LogCreated(logger);
        }

        await EnsureAdminTokenAsync(admin, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAdminTokenAsync(User admin, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(bootstrap.Value.AdminToken))
        {
            await directory.CreatePersonalAccessTokenAsync(admin.Id, "bootstrap", TokenScopes.Api, null, bootstrap.Value.AdminToken, cancellationToken);
            return;
        }

        var tokenFile = Path.Combine(registry.Value.DataPath, "admin-token");
        if (File.Exists(tokenFile))
        {
            return;
        }

        var issued = await directory.CreatePersonalAccessTokenAsync(admin.Id, "bootstrap", TokenScopes.Api, null, null, cancellationToken);
        Directory.CreateDirectory(registry.Value.DataPath);
        await File.WriteAllTextAsync(tokenFile, issued.Token + Environment.NewLine, cancellationToken);
        // Printed straight to the console, once, and never through the logger, so it does not end up in log sinks.
        Console.WriteLine($"Admin personal access token (shown once, also in {tokenFile}): {issued.Token}");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the demo group and its private project demo/app")]
    private static partial void LogCreated(ILogger logger);
}
