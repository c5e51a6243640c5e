using Registry.Core.Packages;

namespace Registry.Core.Reading;

/// <summary>An open package file: its records and its bytes. The caller disposes <see cref="Content"/>.</summary>
/// <param name="Package">The package.</param>
/// <param name="File">The file.</param>
/// <param name="Content">The bytes; seekable where the blob store allows range reads.</param>
public sealed record PackageDownload(Package Package, PackageFile File, Stream Content)
{
    /// <summary>
    /// Where the client may fetch the bytes itself, when the blob store hands out download URLs
    /// (<see cref="Storage.IBlobUrlProvider"/>); null when the bytes are to be streamed from <see cref="Content"/>.
    /// Formats whose clients follow redirects answer <c>GET</c> with a redirect here and dispose <see cref="Content"/> unread.
    /// </summary>
    public Uri? RedirectUrl { get; init; }

    /// <summary>The same bytes as a local file path, when the blob store has one (<see cref="Storage.IBlobStore.FindLocalPathOrNull"/>).</summary>
    public string? LocalPath { get; init; }

    /// <summary>
    /// The same bytes already in memory, for small files downloaded often (<see cref="Options.PackageRegistryOptions.FileMemoryCacheBytes"/>);
    /// sending these needs no disk read. <see cref="Content"/> reads the same array.
    /// </summary>
    public ReadOnlyMemory<byte>? Bytes { get; init; }
}
