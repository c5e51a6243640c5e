using Microsoft.Extensions.Hosting;

namespace Registry.Storage.Relational;

/// <summary>
/// Brings the schema up to date when the host starts, so a database that cannot be opened or migrated
/// stops the host instead of failing the first request. Connections also migrate lazily, for callers that
/// use the services without a host.
/// </summary>
internal sealed class MigrationHostedService(RelationalDatabase database) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureInitializedAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
