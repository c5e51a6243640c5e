using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;

namespace Registry.Formats.Protocol;

/// <summary>
/// The rendered parts of a document that belong to one version (a packument's <c>versions[v]</c>), kept so that a
/// document re-rendered after a change to its package (<see cref="DocumentCache"/> misses whenever the package's
/// fingerprint moves) renders only the versions that are new or changed and copies the others' bytes: issue 19's
/// 10,000-version packument took 624–673 ms to render from scratch after every publish.
/// </summary>
/// <remarks>
/// A fragment is keyed by a scope, which must name everything its bytes depend on besides the version's row (format,
/// variant, base URL, project, the name as requested), and the package id; it is handed back only while the row's stamp
/// (what of the row the bytes depend on, or what changes whenever that does) equals the one it was kept with, so an
/// edited row (a deprecation rewrites the metadata) is rendered again. Sizes count against <see cref="SizeLimitBytes"/>;
/// an evicted fragment is rendered again.
/// </remarks>
internal sealed class DocumentFragmentCache : IDisposable
{
    /// <summary>The most fragment bytes kept; the least recently used go first.</summary>
    internal const long SizeLimitBytes = 64L * 1024 * 1024;

    // What an entry costs besides its fragment (key, entry, stamp and MemoryCache's own bookkeeping), roughly.
    private const long EntryOverheadBytes = 256;

    private readonly MemoryCache _fragments = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    /// <summary>The fragment kept for package <paramref name="packageId"/> in <paramref name="scope"/>, when it was kept with <paramref name="stamp"/>.</summary>
    public bool TryGet<TStamp, TFragment>(string scope, long packageId, TStamp stamp, [NotNullWhen(true)] out TFragment? fragment)
        where TStamp : IEquatable<TStamp>
        where TFragment : class
    {
        if (_fragments.TryGetValue(new Key(scope, packageId), out Entry<TStamp, TFragment>? entry) && entry is not null && entry.Stamp.Equals(stamp))
        {
            fragment = entry.Fragment;
            return true;
        }

        fragment = null;
        return false;
    }

    /// <summary>Keeps the fragment of package <paramref name="packageId"/> in <paramref name="scope"/>, rendered from a row with <paramref name="stamp"/>, weighing <paramref name="bytes"/>.</summary>
    public void Keep<TStamp, TFragment>(string scope, long packageId, TStamp stamp, TFragment fragment, long bytes)
        where TStamp : IEquatable<TStamp>
        where TFragment : class
    {
        ArgumentNullException.ThrowIfNull(scope);
        _fragments.Set(new Key(scope, packageId), new Entry<TStamp, TFragment>(stamp, fragment), new MemoryCacheEntryOptions { Size = bytes + EntryOverheadBytes + (scope.Length * sizeof(char)) });
    }

    /// <summary>
    /// The kept fragment when its stamp is <paramref name="stamp"/>, otherwise what <paramref name="render"/> makes, then
    /// kept weighing <paramref name="size"/> of it.
    /// </summary>
    public TFragment GetOrRender<TStamp, TFragment>(string scope, long packageId, TStamp stamp, Func<TFragment> render, Func<TFragment, long> size)
        where TStamp : IEquatable<TStamp>
        where TFragment : class
    {
        if (TryGet(scope, packageId, stamp, out TFragment? kept))
        {
            return kept;
        }

        var fragment = render();
        Keep(scope, packageId, stamp, fragment, size(fragment));
        return fragment;
    }

    /// <inheritdoc />
    public void Dispose() => _fragments.Dispose();

    private readonly record struct Key(string Scope, long PackageId);

    private sealed record Entry<TStamp, TFragment>(TStamp Stamp, TFragment Fragment);
}
