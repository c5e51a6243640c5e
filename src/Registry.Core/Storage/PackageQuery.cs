using Registry.Core.Packages;

namespace Registry.Core.Storage;

/// <summary>A filtered, sorted, paged listing of packages (the packages API's query parameters).</summary>
public sealed record PackageQuery
{
    /// <summary>Projects to list from (one for a project listing, the visible ones for a group listing).</summary>
    public required IReadOnlyCollection<long> ProjectIds { get; init; }
    /// <summary>Only this type.</summary>
    public string? PackageType { get; init; }
    /// <summary>Names containing this (case-insensitive).</summary>
    public string? NameContains { get; init; }
    /// <summary>Exactly this version.</summary>
    public string? Version { get; init; }
    /// <summary>Only this status; when null, <see cref="PackageStatus.Default"/> and <see cref="PackageStatus.Deprecated"/> (never pending destruction).</summary>
    public PackageStatus? Status { get; init; }
    /// <summary>Sort key.</summary>
    public PackageOrder OrderBy { get; init; } = PackageOrder.CreatedAt;
    /// <summary>Descending order.</summary>
    public bool Descending { get; init; }
    /// <summary>1-based page.</summary>
    public int Page { get; init; } = 1;
    /// <summary>Page size.</summary>
    public int PerPage { get; init; } = 20;
}
