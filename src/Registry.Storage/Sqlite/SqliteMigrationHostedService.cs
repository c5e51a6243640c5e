using Microsoft.Extensions.Hosting;

namespace Registry.Storage.Sqlite;

/// <summary>
/// Brings the schema up to date when the host starts, so a database that cannot be opened or migrated
/// stops the host instead of failing the first request. Connections also migrate lazily, for callers that
/// use the services without a host.
/// </summary>
internal sealed class SqliteMigrationHostedService(SqliteConnectionFactory connections) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => connections.EnsureInitializedAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
