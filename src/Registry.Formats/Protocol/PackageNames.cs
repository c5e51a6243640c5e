using Registry.Core.Packages;
using Registry.Core.Security;
using Registry.Core.Storage;

namespace Registry.Formats.Protocol;

/// <summary>The package names of one type in the projects a caller may read, for index documents (PyPI's <c>/simple/</c>, Composer's <c>available-packages</c>).</summary>
internal static class PackageNames
{
    private const int PageSize = 100;

    /// <summary>Each live name once, ordered by normalized name, with the name as first published (the first project's when several have it).</summary>
    public static async Task<IReadOnlyList<(string Name, string Normalized)>> ListAsync(IPackageStore store, IReadOnlyList<AuthorizedProject> projects, PackageType type, CancellationToken cancellationToken)
    {
        var names = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (projects.Count == 0)
        {
            return [];
        }

        for (var page = 1; ; page++)
        {
            var result = await store.QueryAsync(new PackageQuery
            {
                ProjectIds = [.. projects.Select(p => p.Project.Id)],
                PackageType = type.Name,
                OrderBy = PackageOrder.Name,
                Page = page,
                PerPage = PageSize,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var package in result.Items)
            {
                names.TryAdd(package.NormalizedName, package.Name);
            }

            if (result.Items.Count < PageSize)
            {
                break;
            }
        }

        return [.. names.Select(n => (n.Value, n.Key))];
    }
}
