using Registry.Core.Packages;

namespace Registry.Core.Storage;

/// <summary>
/// One live version as <see cref="IPackageStore.ListVersionSummariesAsync"/> lists it: the row with its metadata left
/// unread (<see cref="Package.Metadata"/> is null whatever is stored) and the stored metadata's size in UTF-8 bytes
/// (0 when there is none), the size <see cref="IPackageStore.FindVersionsFingerprintOrNullAsync"/> counts.
/// </summary>
/// <param name="Package">The row, without its metadata.</param>
/// <param name="MetadataBytes">The stored metadata's size in UTF-8 bytes; 0 when there is none.</param>
public sealed record VersionSummary(Package Package, long MetadataBytes);
