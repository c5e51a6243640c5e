using Microsoft.Extensions.Diagnostics.HealthChecks;
using Registry.Core.Storage;

namespace Registry.Core.Health;

/// <summary>
/// Whether the blob store answers: asks whether a blob that never exists (the all-zero SHA-256) is there, which reaches
/// the disk or the bucket (a HEAD on S3) without reading or writing any blob.
/// </summary>
public sealed class BlobStoreHealthCheck : IHealthCheck
{
    private static readonly string ProbeKey = new('0', BlobKey.Length);
    private readonly IBlobStore _blobs;

    /// <summary>Creates the check.</summary>
    public BlobStoreHealthCheck(IBlobStore blobs) => _blobs = blobs;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await _blobs.ExistsAsync(ProbeKey, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the blob store answers");
        }
#pragma warning disable CA1031 // A health check reports any failure of the store rather than throwing it.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, "the blob store does not answer", ex);
        }
    }
}
