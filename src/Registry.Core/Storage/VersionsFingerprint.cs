using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Registry.Core.Storage;

/// <summary>
/// Builds the value <see cref="IPackageStore.FindVersionsFingerprintOrNullAsync"/> returns: a hash over what of each
/// version a protocol document shows, so that any publish, delete, tag, deprecation or unlisting changes it. The
/// version's live files count too: formats whose pages list files (PyPI) change when a file is added to or deleted from
/// an existing version, which need not change the version's row (two uploads in one millisecond, a file deletion).
/// </summary>
public sealed class VersionsFingerprint : IDisposable
{
    // Five longs and an int in decimal (20 and 11 characters at most, signs included), six separators and the newline.
    private const int MaxNumbersBytes = (5 * 20) + 11 + 7;

    private const int StackRowBytes = 512;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _count;

    /// <summary>
    /// Adds one live version: its id, last change (unix ms), status, tags as stored, metadata size in UTF-8 bytes, and
    /// the number and the newest id of its live files.
    /// </summary>
    public void Add(long id, long updatedAtMs, int status, string tags, long metadataBytes, long liveFiles, long newestFileId)
    {
        // Formatted straight to UTF-8 (the same bytes as the string's), on the stack unless the tags are long: a catalog of
        // 10,000 versions is hashed after every publish to it, and two allocations a row were a share of that.
        var bound = MaxNumbersBytes + Encoding.UTF8.GetMaxByteCount(tags.Length);
        Span<byte> row = bound <= StackRowBytes ? stackalloc byte[StackRowBytes] : new byte[bound];
        if (!Utf8.TryWrite(row, CultureInfo.InvariantCulture, $"{id}|{updatedAtMs}|{status}|{metadataBytes}|{liveFiles}|{newestFileId}|{tags}\n", out var written))
        {
            throw new InvalidOperationException("A fingerprint row outgrew its bound.");
        }

        _hash.AppendData(row[..written]);
        _count++;
    }

    /// <summary>The fingerprint, or null when no version was added (the name has no live version).</summary>
    public string? ToStringOrNull() =>
        _count == 0 ? null : $"{_count.ToString(CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(_hash.GetHashAndReset())[..32]}";

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();
}
