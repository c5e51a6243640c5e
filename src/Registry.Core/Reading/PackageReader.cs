using Microsoft.Extensions.Options;
using Registry.Core.Options;
using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Core.Reading;

/// <summary>
/// The read use case: resolves packages and files in an authorized project and opens their bytes.
/// Packages pending destruction are invisible here.
/// </summary>
public sealed class PackageReader : IDisposable
{
    /// <summary>
    /// How stale <see cref="Package.LastDownloadedAt"/> may get. Recording every download would turn each read into a
    /// durable write that serializes on the database's write lock; the check reads the row the request loaded anyway,
    /// so it holds across hosts sharing one database.
    /// </summary>
    internal static readonly TimeSpan DownloadRecordInterval = TimeSpan.FromMinutes(1);

    private readonly IBlobStore _blobs;
    private readonly IPackageStore _packages;
    private readonly TimeProvider _time;
    private readonly FileMemoryCache _memory;
    private readonly RegistryMetrics _metrics;

    // The download time each package's row was last given by this host: concurrent downloads of one package all hold
    // the same cached row, and without this each of them would write it (28-32 writes of one row in ten seconds of a
    // read-only benchmark, each commit emptying every host's read caches).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset> _recorded = new();

    /// <summary>Creates the use case.</summary>
    public PackageReader(IBlobStore blobs, IPackageStore packages, TimeProvider time, IOptions<PackageRegistryOptions> options, RegistryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _blobs = blobs;
        _packages = packages;
        _time = time;
        // A store that hands out download URLs sends clients elsewhere: nothing to keep in memory for it.
        _memory = blobs is IBlobUrlProvider
            ? new FileMemoryCache(0, 0)
            : new FileMemoryCache(options.Value.FileMemoryCacheBytes, options.Value.FileMemoryCacheMaxFileBytes);
    }

    /// <inheritdoc />
    public void Dispose() => _memory.Dispose();

    /// <summary>A package version, or null.</summary>
    public Task<Package?> FindPackageOrNullAsync(AuthorizedProject project, PackageType type, string name, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Require(PackageAction.View);
        return _packages.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, type, name, version), cancellationToken);
    }

    /// <summary>Every live version of a package name, oldest first.</summary>
    public Task<IReadOnlyList<Package>> ListVersionsAsync(AuthorizedProject project, PackageType type, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(type);
        project.Require(PackageAction.View);
        return _packages.ListVersionsAsync(project.Project.Id, type, type.NormalizeName(name), cancellationToken);
    }

    /// <summary>The fingerprint of a package name's live versions (<see cref="IPackageStore.FindVersionsFingerprintOrNullAsync"/>); null when it has none.</summary>
    public Task<string?> FindVersionsFingerprintOrNullAsync(AuthorizedProject project, PackageType type, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(type);
        project.Require(PackageAction.View);
        return _packages.FindVersionsFingerprintOrNullAsync(project.Project.Id, type, type.NormalizeName(name), cancellationToken);
    }

    /// <summary>The live files of a package, oldest first.</summary>
    public Task<IReadOnlyList<PackageFile>> ListFilesAsync(AuthorizedProject project, Package package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(package);
        project.Require(PackageAction.View);
        EnsureOwned(project, package);
        return _packages.ListFilesAsync(package.Id, cancellationToken);
    }

    /// <summary>Opens the newest file named <paramref name="fileName"/> of a package version; null when any part is missing.</summary>
    public async Task<PackageDownload?> OpenFileOrNullAsync(AuthorizedProject project, PackageType type, string name, string version, string fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        project.Require(PackageAction.Pull);
        var package = await _packages.FindPackageOrNullAsync(PackageCoordinate.Create(project.Project.Id, type, name, version), cancellationToken).ConfigureAwait(false);
        if (package is null)
        {
            return null;
        }

        var file = await _packages.FindNewestFileOrNullAsync(package.Id, fileName, cancellationToken).ConfigureAwait(false);
        return file is null ? null : await OpenOrNullAsync(package, file, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens a file already resolved (for formats that resolve files themselves).</summary>
    public Task<PackageDownload?> OpenFileOrNullAsync(AuthorizedProject project, Package package, PackageFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(file);
        project.Require(PackageAction.Pull);
        EnsureOwned(project, package);
        return OpenOrNullAsync(package, file, cancellationToken);
    }

    private async Task<PackageDownload?> OpenOrNullAsync(Package package, PackageFile file, CancellationToken cancellationToken)
    {
        using var activity = RegistryTelemetry.ActivitySource.StartActivity("registry.download");
        activity?.SetTag("registry.package_type", package.Type);
        if (_memory.TryGet(file, out var kept))
        {
            await RecordDownloadAsync(package, file, "memory", cancellationToken).ConfigureAwait(false);
            return InMemory(package, file, kept);
        }

        var content = await _blobs.OpenReadOrNullAsync(file.Sha256, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        if (content.CanSeek && content.Length is var stored && stored != file.Size)
        {
            // Checked before anything is sent or a redirect handed out: a client must get an error, never other bytes
            // under the file's checksum headers.
            await content.DisposeAsync().ConfigureAwait(false);
            throw new BlobIntegrityException(file.Sha256, file.Size, stored);
        }

        try
        {
            // Asked after opening, so a redirect is only handed out for a blob that exists.
            var redirect = _blobs is IBlobUrlProvider urls
                ? await urls.GetDownloadUrlOrNullAsync(file.Sha256, file.FileName, cancellationToken).ConfigureAwait(false)
                : null;
            if (redirect is null && _memory.Accepts(file) && await ReadWholeOrNullAsync(content, file.Size, cancellationToken).ConfigureAwait(false) is { } bytes)
            {
                await content.DisposeAsync().ConfigureAwait(false);
                _memory.Add(file, bytes);
                await RecordDownloadAsync(package, file, "storage", cancellationToken).ConfigureAwait(false);
                return InMemory(package, file, bytes);
            }

            await RecordDownloadAsync(package, file, redirect is null ? "storage" : "redirect", cancellationToken).ConfigureAwait(false);
            return new PackageDownload(package, file, content) { RedirectUrl = redirect, LocalPath = _blobs.FindLocalPathOrNull(file.Sha256) };
        }
        catch
        {
            await content.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static PackageDownload InMemory(Package package, PackageFile file, byte[] bytes) =>
        new(package, file, new MemoryStream(bytes, writable: false)) { Bytes = bytes };

    /// <summary>The whole stream when it holds exactly <paramref name="size"/> bytes; otherwise null, rewound for streaming.</summary>
    private static async Task<byte[]?> ReadWholeOrNullAsync(Stream content, long size, CancellationToken cancellationToken)
    {
        if (!content.CanSeek)
        {
            return null;
        }

        var bytes = new byte[size];
        var read = await content.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        var more = await content.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false);
        if (read == bytes.Length && more == 0)
        {
            return bytes;
        }

        // The catalog and the blob disagree on the size: serve what the store has, and keep nothing.
        content.Position = 0;
        return null;
    }

    private async Task RecordDownloadAsync(Package package, PackageFile file, string source, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (IsDue(package.LastDownloadedAt, now) && ClaimRecording(package.Id, now))
        {
            await _packages.RecordDownloadAsync(package.Id, now, DownloadRecordInterval, cancellationToken).ConfigureAwait(false);
        }

        _metrics.RecordDownloaded(package.Type, file.Size, source);
    }

    private static bool IsDue(DateTimeOffset? last, DateTimeOffset now) => last is not { } at || now - at >= DownloadRecordInterval;

    /// <summary>True for the one request of this host that records the package's download this interval.</summary>
    private bool ClaimRecording(long packageId, DateTimeOffset now)
    {
        while (true)
        {
            if (!_recorded.TryGetValue(packageId, out var last))
            {
                if (_recorded.TryAdd(packageId, now))
                {
                    TrimRecorded(now);
                    return true;
                }

                continue;
            }

            if (!IsDue(last, now))
            {
                return false;
            }

            if (_recorded.TryUpdate(packageId, now, last))
            {
                return true;
            }
        }
    }

    // Entries older than the interval decide nothing any more (the row itself says when it was written), so the map
    // holds at most the packages downloaded in the last interval.
    private void TrimRecorded(DateTimeOffset now)
    {
        if (_recorded.Count < 10_000)
        {
            return;
        }

        foreach (var (id, at) in _recorded)
        {
            if (IsDue(at, now))
            {
                _recorded.TryRemove(new KeyValuePair<long, DateTimeOffset>(id, at));
            }
        }
    }

    private static void EnsureOwned(AuthorizedProject project, Package package)
    {
        if (package.ProjectId != project.Project.Id)
        {
            throw new InvalidOperationException("The package belongs to another project than the one authorized.");
        }
    }
}
