using Microsoft.Extensions.Diagnostics.HealthChecks;
using Registry.Core.Storage;

namespace Registry.Core.Health;

/// <summary>
/// Whether the metadata store answers a query: a lookup of a package id that never exists, which reaches the database
/// (outside a request's read scope nothing is cached) without reading or writing any row.
/// </summary>
public sealed class MetadataStoreHealthCheck : IHealthCheck
{
    private readonly IPackageStore _packages;

    /// <summary>Creates the check.</summary>
    public MetadataStoreHealthCheck(IPackageStore packages) => _packages = packages;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _packages.FindPackageByIdOrNullAsync(0, 0, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the metadata store answers");
        }
#pragma warning disable CA1031 // A health check reports any failure of the store rather than throwing it.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, "the metadata store does not answer", ex);
        }
    }
}
