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
    private readonly IBlobStore _blobs;
    private readonly IPackageStore _packages;
    private readonly FileMemoryCache _memory;
    private readonly RegistryMetrics _metrics;
    private readonly DownloadRecorder _downloads;

    /// <summary>Creates the use case.</summary>
    public PackageReader(IBlobStore blobs, IPackageStore packages, DownloadRecorder downloads, IOptions<PackageRegistryOptions> options, RegistryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(options);
        _metrics = metrics;
        _blobs = blobs;
        _packages = packages;
        _downloads = downloads;
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
            RecordDownload(package, file, "memory");
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
                RecordDownload(package, file, "storage");
                return InMemory(package, file, bytes);
            }

            RecordDownload(package, file, redirect is null ? "storage" : "redirect");
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

    // Only noted here: the recorder writes the time in the background, so a download never waits for the database.
    private void RecordDownload(Package package, PackageFile file, string source)
    {
        _downloads.Record(package.Id);
        _metrics.RecordDownloaded(package.Type, file.Size, source);
    }

    private static void EnsureOwned(AuthorizedProject project, Package package)
    {
        if (package.ProjectId != project.Project.Id)
        {
            throw new InvalidOperationException("The package belongs to another project than the one authorized.");
        }
    }
}
