using System.Text;
using Registry.Core.Packages;
using Registry.Core.Storage;

namespace Registry.Formats.Npm;

/// <summary>
/// What of a version's row its packument fragment (<see cref="NpmVersionFragment"/>) is rendered from, or changes
/// whenever that does: the name and version as published, the last change time and the metadata's size. Every change
/// through Core's use cases moves the change time, and the size covers a rewrite within the time's precision as far
/// as the catalog's fingerprint (<see cref="IPackageStore.FindVersionsFingerprintOrNullAsync"/>), which decides whether
/// the document is rendered again at all, covers it; so a kept fragment is never older than the document that shows it.
/// </summary>
internal readonly record struct NpmVersionStamp(string Name, string Version, DateTimeOffset UpdatedAt, long MetadataBytes)
{
    /// <summary>The stamp of a row read in full.</summary>
    public static NpmVersionStamp Of(Package package) =>
        new(package.Name, package.Version, package.UpdatedAt, package.Metadata is null ? 0 : Encoding.UTF8.GetByteCount(package.Metadata));

    /// <summary>The stamp of a row read without its metadata.</summary>
    public static NpmVersionStamp Of(VersionSummary summary) =>
        new(summary.Package.Name, summary.Package.Version, summary.Package.UpdatedAt, summary.MetadataBytes);
}
