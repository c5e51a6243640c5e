namespace Registry.Core.Options;

/// <summary>
/// The registry's settings, bound from the <c>PackageRegistry</c> configuration section and validated at
/// start: a wrong value stops the host with a message that names the key.
/// </summary>
public sealed class PackageRegistryOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "PackageRegistry";

    /// <summary>Where the embedded storage keeps its database and blobs (<c>PackageRegistry:DataPath</c>); relative paths are taken from the working directory.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>The instance-wide switch (<c>PackageRegistry:Enabled</c>): when false every registry call answers 403.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long an unreferenced blob is kept before garbage collection deletes it
    /// (<c>PackageRegistry:OrphanBlobGracePeriod</c>), so that a publish in flight, whose blob is written
    /// before its row, is never robbed of its bytes.
    /// </summary>
    public TimeSpan OrphanBlobGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many bytes of package files downloads may keep in memory (<c>PackageRegistry:FileMemoryCacheBytes</c>;
    /// 0 turns it off). Files are content-addressed, so a kept copy never goes stale; the least recently used go first.
    /// A host answers a hot tarball from memory several times faster than from disk.
    /// </summary>
    public long FileMemoryCacheBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest file kept in memory (<c>PackageRegistry:FileMemoryCacheMaxFileBytes</c>); larger ones are always sent from storage.</summary>
    public long FileMemoryCacheMaxFileBytes { get; set; } = 1024L * 1024;

    /// <summary>How often garbage collection runs (<c>PackageRegistry:GarbageCollectionInterval</c>).</summary>
    public TimeSpan GarbageCollectionInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The default package limits of every top-level group (<c>PackageRegistry:Quotas</c>); none by default.</summary>
    public Usage.PackageQuotaOptions Quotas { get; set; } = new();
}
