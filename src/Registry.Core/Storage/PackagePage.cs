using Registry.Core.Packages;

namespace Registry.Core.Storage;

/// <summary>One page of a listing and the total count.</summary>
/// <param name="Items">The packages on the page.</param>
/// <param name="Total">How many match in all.</param>
public sealed record PackagePage(IReadOnlyList<Package> Items, long Total);
