using Registry.Core.Packages;

namespace Registry.Core.Storage;

/// <summary>One page of a listing and the total count.</summary>
/// <param name="Items">The packages on the page.</param>
/// <param name="Total">How many match in all; when <see cref="IsTotalCapped"/>, only that more than <see cref="MaxCountedTotal"/> do.</param>
public sealed record PackagePage(IReadOnlyList<Package> Items, long Total)
{
    /// <summary>
    /// Stores may stop counting past this many matches, as GitLab does: above 10,000 it leaves out <c>X-Total</c>,
    /// <c>X-Total-Pages</c> and the <c>last</c> link (https://docs.gitlab.com/ee/api/rest/#other-pagination-headers),
    /// because counting a large catalog costs more than reading the page.
    /// </summary>
    public const long MaxCountedTotal = 10_000;

    /// <summary>Whether counting stopped: more than <see cref="MaxCountedTotal"/> packages match.</summary>
    public bool IsTotalCapped { get; init; }
}
