namespace Registry.Core.Usage;

/// <summary>A top-level group's package limits; a null limit is no limit.</summary>
/// <param name="MaxBytes">The most bytes its projects' live package files may add up to (<see cref="PackageUsage.Bytes"/>).</param>
/// <param name="MaxPackages">The most live package versions its projects may hold (<see cref="PackageUsage.Packages"/>).</param>
public sealed record GroupQuota(long? MaxBytes, long? MaxPackages)
{
    /// <summary>No limit.</summary>
    public static GroupQuota Unlimited { get; } = new(null, null);

    /// <summary>Whether any limit is set.</summary>
    public bool IsLimited => MaxBytes is not null || MaxPackages is not null;
}
