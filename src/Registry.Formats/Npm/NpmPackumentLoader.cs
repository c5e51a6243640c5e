using Registry.Core.Packages;
using Registry.Core.Storage;
using Registry.Formats.Protocol;

namespace Registry.Formats.Npm;

/// <summary>
/// Reads what a packument render needs from the catalog, incrementally: every version without its metadata
/// (<see cref="IPackageStore.ListVersionSummariesAsync"/>), and in full only the versions whose kept fragment
/// (<see cref="DocumentFragmentCache"/>) is missing or stale. After a publish to a 10,000-version package that is one
/// row, not 10,000 rows of metadata (issue 19).
/// </summary>
internal static class NpmPackumentLoader
{
    // Up to this many versions without a fragment are read one by one (each a primary-key lookup); more (a first render,
    // fragments evicted) read the whole list in one query.
    private const int MaxSingleReads = 32;

    /// <summary>The packument (see <see cref="NpmPackuments.Render"/> for <paramref name="scope"/>); null when the package has no live version.</summary>
    public static async Task<DocumentBody?> RenderAsync(IPackageStore store, DocumentFragmentCache fragments, string scope, bool abbreviated, string name, long projectId, string registryUrl, CancellationToken cancellationToken)
    {
        var normalized = NpmFormat.NpmType.NormalizeName(name);
        var summaries = await store.ListVersionSummariesAsync(projectId, NpmFormat.NpmType, normalized, cancellationToken).ConfigureAwait(false);
        var kept = new Dictionary<long, NpmVersionFragment>(summaries.Count);
        var stale = new List<long>();
        foreach (var summary in summaries)
        {
            if (fragments.TryGet(scope, summary.Package.Id, NpmVersionStamp.Of(summary), out NpmVersionFragment? fragment))
            {
                kept[summary.Package.Id] = fragment;
            }
            else
            {
                stale.Add(summary.Package.Id);
            }
        }

        var read = new Dictionary<long, Package>(stale.Count);
        foreach (var id in stale.Count <= MaxSingleReads ? stale : [])
        {
            if (await store.FindPackageByIdOrNullAsync(projectId, id, cancellationToken).ConfigureAwait(false) is not { } row)
            {
                // Deleted since the list was read: the whole list, read again, is the truth.
                break;
            }

            read[id] = row;
        }

        if (read.Count < stale.Count)
        {
            var all = await store.ListVersionsAsync(projectId, NpmFormat.NpmType, normalized, cancellationToken).ConfigureAwait(false);
            return all.Count == 0 ? null : NpmPackuments.Render(fragments, scope, abbreviated, name, all, registryUrl);
        }

        if (summaries.Count == 0)
        {
            return null;
        }

        // A row read after the list may be newer than its summary: it renders as read, and its fragment is stamped as read.
        var versions = summaries.Select(s => read.TryGetValue(s.Package.Id, out var row) ? row : s.Package).ToList();
        NpmVersionFragment Fragment(Package package) =>
            kept.TryGetValue(package.Id, out var fragment) ? fragment : NpmPackuments.Rendered(fragments, scope, abbreviated, name, package, registryUrl);
        return abbreviated ? NpmPackuments.Abbreviated(name, versions, Fragment) : NpmPackuments.Full(name, versions, Fragment);
    }
}
