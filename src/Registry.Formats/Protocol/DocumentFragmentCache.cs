using Microsoft.Extensions.Caching.Memory;
using Registry.Core.Packages;

namespace Registry.Formats.Protocol;

/// <summary>
/// The rendered parts of a document that belong to one version (a packument's <c>versions[v]</c>), kept so that a
/// document re-rendered after a change to its package (<see cref="DocumentCache"/> misses whenever the package's
/// fingerprint moves) renders only the versions that are new or changed and copies the others' bytes: issue 19's
/// 10,000-version packument took 624–673 ms to render from scratch after every publish.
/// </summary>
/// <remarks>
/// A fragment is keyed by a scope, which must name everything its bytes depend on besides the version row (format,
/// variant, base URL, project, the name as requested), and the package id; it is served only while the row still has
/// the name, version, metadata and change time it was rendered from, so an edited row (a deprecation rewrites the
/// metadata) is rendered again. Sizes count against <see cref="SizeLimitBytes"/>; an evicted fragment is rendered again.
/// </remarks>
internal sealed class DocumentFragmentCache : IDisposable
{
    /// <summary>The most fragment bytes (with the metadata they were rendered from) kept; the least recently used go first.</summary>
    internal const long SizeLimitBytes = 64L * 1024 * 1024;

    // What an entry costs besides its bytes and strings (key, entry, stamp and MemoryCache's own bookkeeping), roughly.
    private const long EntryOverheadBytes = 256;

    private readonly MemoryCache _fragments = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    /// <summary>
    /// The fragment of <paramref name="package"/> in <paramref name="scope"/>: the kept one when the row is unchanged since
    /// it was rendered, otherwise what <paramref name="render"/> makes of the row (then kept, weighing
    /// <paramref name="size"/> bytes of it).
    /// </summary>
    public TFragment GetOrRender<TFragment>(string scope, Package package, Func<Package, TFragment> render, Func<TFragment, long> size)
        where TFragment : class
    {
        ArgumentNullException.ThrowIfNull(package);
        var key = new Key(scope, package.Id);
        if (_fragments.TryGetValue(key, out Entry? entry) && entry is not null && entry.RenderedFrom(package) && entry.Fragment is TFragment kept)
        {
            return kept;
        }

        var fragment = render(package);
        var weight = size(fragment) + EntryOverheadBytes + (scope.Length + package.Name.Length + package.Version.Length + (package.Metadata?.Length ?? 0)) * sizeof(char);
        _fragments.Set(key, new Entry(package.Name, package.Version, package.Metadata, package.UpdatedAt, fragment), new MemoryCacheEntryOptions { Size = weight });
        return fragment;
    }

    /// <inheritdoc />
    public void Dispose() => _fragments.Dispose();

    private readonly record struct Key(string Scope, long PackageId);

    /// <summary>The row a fragment was rendered from; the metadata is compared whole, as a change time alone may repeat within its precision.</summary>
    private sealed record Entry(string Name, string Version, string? Metadata, DateTimeOffset UpdatedAt, object Fragment)
    {
        public bool RenderedFrom(Package package) =>
            package.UpdatedAt == UpdatedAt
            && string.Equals(package.Version, Version, StringComparison.Ordinal)
            && string.Equals(package.Name, Name, StringComparison.Ordinal)
            && string.Equals(package.Metadata, Metadata, StringComparison.Ordinal);
    }
}
