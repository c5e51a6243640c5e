using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Registry.Core.Audit;
using Registry.Core.Packages;
using Registry.Core.Protection;
using Registry.Core.Security;
using Registry.Core.Storage;
using Registry.Core.Usage;

namespace Registry.Core.Publishing;

/// <summary>
/// The publish use case: streams the body into the blob store while computing MD5, SHA-1, SHA-256 and SHA-512 in
/// one pass, enforces the size limit, lets the format inspect the bytes, commits the blob under its SHA-256 and
/// records package and file in one metadata transaction. A refused publish leaves no blob and no row: the blob
/// stays temporary until everything before the metadata write has passed.
/// </summary>
public sealed partial class PackagePublisher
{
    private const int BufferSize = 128 * 1024;
    private readonly IBlobStore _blobs;
    private readonly IPackageStore _packages;
    private readonly TimeProvider _time;
    private readonly DuplicatePolicy _duplicates;
    private readonly PackageProtection _protection;
    private readonly ILogger<PackagePublisher> _logger;
    private readonly RegistryMetrics _metrics;
    private readonly PackageQuotas _quotas;
    private readonly RegistryAudit _audit;

    /// <summary>Creates the use case.</summary>
    public PackagePublisher(IBlobStore blobs, IPackageStore packages, TimeProvider time, DuplicatePolicy duplicates, PackageProtection protection, ILogger<PackagePublisher> logger, RegistryMetrics metrics, PackageQuotas quotas, RegistryAudit audit)
    {
        _quotas = quotas;
        _audit = audit;
        _protection = protection;
        _metrics = metrics;
        _blobs = blobs;
        _packages = packages;
        _time = time;
        _duplicates = duplicates;
        _logger = logger;
    }

    /// <summary>Publishes one file of a package version into an authorized project.</summary>
    /// <exception cref="PackageProtectedException">
    /// A package protection rule keeps the caller from pushing this package (checked before the body is read when the
    /// name is known, otherwise once the inspection has named it); nothing is kept.
    /// </exception>
    /// <exception cref="PackageQuotaExceededException">
    /// The file, or the package version it creates, would take the project's top-level group over its quota (checked
    /// once the size is known, before the bytes are committed, and again in the transaction that records the file).
    /// </exception>
    public async Task<PublishResult> PublishAsync(AuthorizedProject project, PublishRequest request, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(content);
        project.Require(PackageAction.Publish);
        using var activity = RegistryTelemetry.ActivitySource.StartActivity("registry.publish");
        activity?.SetTag("registry.package_type", request.Type.Name);

        if (request.Inspect is null)
        {
            await _protection.EnsureAllowedAsync(project, PackageAction.Publish, request.Type, request.Name, cancellationToken).ConfigureAwait(false);
        }

        if (request.Inspect is null
            && await DuplicateRuleAsync(project, request, request.Name, request.Version, cancellationToken).ConfigureAwait(false) == DuplicateRule.RejectExistingPackage)
        {
            // Answer a known duplicate before reading a body that would be thrown away; the transaction below stays the real guard.
            var existing = await _packages.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, request.Type, request.Name, request.Version), cancellationToken).ConfigureAwait(false);
            if (existing is not null)
            {
                return new PublishResult(PublishOutcome.Duplicate, existing, Error: "Duplicate package is not allowed");
            }
        }

        await using var writer = await _blobs.CreateWriterAsync(cancellationToken).ConfigureAwait(false);
        var blob = await CopyHashedAsync(content, writer.Content, request.MaxBytes, cancellationToken).ConfigureAwait(false);
        if (blob is null)
        {
            return new PublishResult(PublishOutcome.TooLarge, Error: $"File is too large: the limit is {request.MaxBytes} bytes");
        }

        if (blob.Size == 0)
        {
            return new PublishResult(PublishOutcome.Empty, Error: "File is empty");
        }

        var inspection = ContentInspection.Accepted;
        if (request.Inspect is { } inspect)
        {
            var written = await writer.OpenWrittenAsync(cancellationToken).ConfigureAwait(false);
            await using (written.ConfigureAwait(false))
            {
                inspection = await inspect(written, cancellationToken).ConfigureAwait(false);
            }

            if (inspection.Error is { } error)
            {
                return new PublishResult(PublishOutcome.Invalid, Error: error);
            }
        }

        var name = inspection.Name ?? request.Name;
        var version = inspection.Version ?? request.Version;
        if (request.Inspect is not null)
        {
            // The inspection may have named the package (NuGet's nuspec, Helm's Chart.yaml): the rules see that name.
            await _protection.EnsureAllowedAsync(project, PackageAction.Publish, request.Type, name, cancellationToken).ConfigureAwait(false);
        }

        var coordinate = PackageCoordinate.Create(project.Project.Id, request.Type, name, version);
        var quota = await _quotas.ScopeOrNullAsync(project.Project, cancellationToken).ConfigureAwait(false);
        if (quota is not null)
        {
            await _quotas.EnsureRoomAsync(quota, coordinate, blob.Size, cancellationToken).ConfigureAwait(false);
        }

        // Claimed before the commit, so that garbage collection, which may have listed these bytes as an orphan a moment
        // ago, cannot delete them between the commit and the row (BlobGarbageCollector explains the protocol).
        var claim = await _packages.ClaimBlobAsync(blob.Key, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await writer.CommitAsync(blob.Key, cancellationToken).ConfigureAwait(false);

        var now = _time.GetUtcNow();
        var result = await _packages.TryAddFileAsync(new NewPackageFile
        {
            Coordinate = coordinate,
            Name = name,
            Version = version,
            Status = request.Status,
            Metadata = inspection.Metadata ?? request.Metadata,
            MergeMetadata = inspection.MergeMetadata,
            FileName = inspection.FileName ?? request.FileName,
            Blob = blob,
            BlobClaim = claim,
            Quota = quota,
            Duplicates = await DuplicateRuleAsync(project, request, name, version, cancellationToken).ConfigureAwait(false),
            Build = BuildInfoOf(project.Principal, now),
            CreatedAt = now,
        }, cancellationToken).ConfigureAwait(false);

        if (result.Outcome == AddFileOutcome.Duplicate)
        {
            // The committed blob may be shared with other files; garbage collection removes it after the grace period if it is not.
            return new PublishResult(PublishOutcome.Duplicate, result.Package, Error: "Duplicate package is not allowed");
        }

        _metrics.RecordPublished(request.Type.Name, blob.Size);
        LogPublished(_logger, request.Type.Name, result.Package.Name, result.Package.Version, inspection.FileName ?? request.FileName, blob.Size, project.Project.Id);
        await _audit.RecordAsync(RegistryAuditActions.PackagePublished, project.Principal, e => e with
        {
            ProjectId = project.Project.Id,
            PackageType = request.Type.Name,
            PackageId = result.Package.Id,
            PackageName = result.Package.Name,
            PackageVersion = result.Package.Version,
            FileId = result.File?.Id,
            FileName = result.File?.FileName,
            Size = blob.Size,
        }).ConfigureAwait(false);
        return new PublishResult(PublishOutcome.Published, result.Package, result.File);
    }

    private async Task<DuplicateRule> DuplicateRuleAsync(AuthorizedProject project, PublishRequest request, string name, string version, CancellationToken cancellationToken) =>
        request.DuplicatesAllowedByDefault is { } allowedByDefault
        && await _duplicates.AllowsDuplicateAsync(project.Project, request.Type, name, version, allowedByDefault, cancellationToken).ConfigureAwait(false)
            ? DuplicateRule.Allow
            : request.Duplicates;

    private static BuildInfo? BuildInfoOf(RegistryPrincipal principal, DateTimeOffset now) => principal.Job is { } job
        ? new BuildInfo { PipelineId = job.PipelineId, Ref = job.Ref, CommitSha = job.CommitSha, UserId = principal.UserId, CreatedAt = now }
        : null;

    /// <summary>Copies at most <paramref name="maxBytes"/>; null when the source holds more.</summary>
    internal static async Task<BlobDescriptor?> CopyHashedAsync(Stream source, Stream target, long maxBytes, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    return null;
                }

                var chunk = buffer.AsSpan(0, read);
                md5.AppendData(chunk);
                sha1.AppendData(chunk);
                sha256.AppendData(chunk);
                sha512.AppendData(chunk);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            var sha256Hex = Hex(sha256);
            return new BlobDescriptor(sha256Hex, size, Hex(md5), Hex(sha1), sha256Hex, Hex(sha512));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {PackageType} {PackageName} {PackageVersion} file {FileName} ({Size} bytes) in project {ProjectId}")]
    private static partial void LogPublished(ILogger logger, string packageType, string packageName, string packageVersion, string fileName, long size, long projectId);
}
