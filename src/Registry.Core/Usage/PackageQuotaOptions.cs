namespace Registry.Core.Usage;

/// <summary>
/// The default package limits of every top-level group (<c>PackageRegistry:Quotas</c>); an instance administrator
/// overrides them per group (<c>PUT /api/v4/groups/{id}/packages/quota</c>). Unset means unlimited, the default.
/// </summary>
public sealed class PackageQuotaOptions
{
    /// <summary>The most bytes of live package files a top-level group's projects may hold (<c>PackageRegistry:Quotas:MaxBytes</c>).</summary>
    public long? MaxBytes { get; set; }

    /// <summary>The most live package versions a top-level group's projects may hold (<c>PackageRegistry:Quotas:MaxPackages</c>).</summary>
    public long? MaxPackages { get; set; }
}
