using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Registry.Core.Options;

namespace Registry.Core.Bootstrap;

/// <summary>
/// Applies <see cref="RegistryBootstrapOptions"/> before the server accepts requests (hosted services start in
/// registration order; the embedded directory migrates lazily if it has not yet). A generated token is written to
/// <see cref="RegistryBootstrapOptions.GeneratedTokenFile"/> and printed once to the console, never logged.
/// </summary>
internal sealed partial class RegistryBootstrapHostedService(
    RegistryBootstrapper bootstrapper,
    IOptions<RegistryBootstrapOptions> bootstrap,
    IOptions<PackageRegistryOptions> registry,
    ILogger<RegistryBootstrapHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = bootstrap.Value;
        var tokenFile = string.IsNullOrEmpty(options.GeneratedTokenFile)
            ? null
            : Path.GetFullPath(Path.Combine(registry.Value.DataPath, options.GeneratedTokenFile));
        var generate = tokenFile is not null && string.IsNullOrEmpty(options.AdminToken) && !File.Exists(tokenFile);

        var result = await bootstrapper.BootstrapAsync(options, generate, cancellationToken).ConfigureAwait(false);
        LogBootstrapped(logger, result.Admin.Username, result.Group?.FullPath ?? "(none)", result.Project?.FullPath ?? "(none)");
        if (result.GeneratedToken is { } issued && tokenFile is not null)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(tokenFile) ?? ".");
            await File.WriteAllTextAsync(tokenFile, issued.Token + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            // Straight to the console, once, and never through the logger, so the secret stays out of log sinks.
            Console.WriteLine($"Admin personal access token (shown once, also in {tokenFile}): {issued.Token}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Registry bootstrap: administrator {Admin}, group {Group}, project {Project}")]
    private static partial void LogBootstrapped(ILogger logger, string admin, string group, string project);
}
