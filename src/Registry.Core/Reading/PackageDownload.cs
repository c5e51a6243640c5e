using Registry.Core.Packages;

namespace Registry.Core.Reading;

/// <summary>An open package file: its records and its bytes. The caller disposes <see cref="Content"/>.</summary>
/// <param name="Package">The package.</param>
/// <param name="File">The file.</param>
/// <param name="Content">The bytes; seekable where the blob store allows range reads.</param>
public sealed record PackageDownload(Package Package, PackageFile File, Stream Content)
{
    /// <summary>The same bytes as a local file path, when the blob store has one (<see cref="Storage.IBlobStore.FindLocalPathOrNull"/>).</summary>
    public string? LocalPath { get; init; }
}
