using Microsoft.Extensions.Caching.Memory;
using Registry.Core.Packages;

namespace Registry.Core.Reading;

/// <summary>
/// Small package files kept in memory for downloads, by SHA-256. The bytes behind a hash never change, so an entry is
/// correct for as long as it is kept: which file a request gets is still decided by the catalog, on every request.
/// </summary>
internal sealed class FileMemoryCache : IDisposable
{
    private readonly MemoryCache? _files;
    private readonly long _maxFileBytes;

    /// <summary>Creates the cache; a size of 0 keeps nothing.</summary>
    public FileMemoryCache(long sizeBytes, long maxFileBytes)
    {
        _maxFileBytes = maxFileBytes;
        _files = sizeBytes > 0 && maxFileBytes > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeBytes }) : null;
    }

    /// <summary>Whether a file of this size is kept once read.</summary>
    public bool Accepts(PackageFile file) => _files is not null && file.Size <= _maxFileBytes;

    /// <summary>The file's bytes, when kept.</summary>
    public bool TryGet(PackageFile file, out byte[] bytes)
    {
        if (_files is not null && _files.TryGetValue(file.Sha256, out byte[]? kept) && kept is not null)
        {
            bytes = kept;
            return true;
        }

        bytes = [];
        return false;
    }

    /// <summary>Keeps the bytes of a file that <see cref="Accepts"/>.</summary>
    public void Add(PackageFile file, byte[] bytes) =>
        _files?.Set(file.Sha256, bytes, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes.Length) });

    /// <inheritdoc />
    public void Dispose() => _files?.Dispose();
}
