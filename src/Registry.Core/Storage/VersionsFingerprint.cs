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
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly StringBuilder _row = new();
    private int _count;

    /// <summary>
    /// Adds one live version: its id, last change (unix ms), status, tags as stored, metadata size in UTF-8 bytes, and
    /// the number and the newest id of its live files.
    /// </summary>
    public void Add(long id, long updatedAtMs, int status, string tags, long metadataBytes, long liveFiles, long newestFileId)
    {
        // Formatted straight to UTF-8 on the stack (the same bytes as the string's): a catalog of 10,000 versions is
        // hashed after every publish to it, and two allocations a row were a share of that.
        Span<byte> row = stackalloc byte[512];
        if (Utf8.TryWrite(row, CultureInfo.InvariantCulture, $"{id}|{updatedAtMs}|{status}|{metadataBytes}|{liveFiles}|{newestFileId}|{tags}\n", out var written))
        {
            _hash.AppendData(row[..written]);
        }
        else
        {
            _row.Clear().Append(CultureInfo.InvariantCulture, $"{id}|{updatedAtMs}|{status}|{metadataBytes}|{liveFiles}|{newestFileId}|{tags}\n");
            _hash.AppendData(Encoding.UTF8.GetBytes(_row.ToString()));
        }

        _count++;
    }

    /// <summary>The fingerprint, or null when no version was added (the name has no live version).</summary>
    public string? ToStringOrNull() =>
        _count == 0 ? null : $"{_count.ToString(CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(_hash.GetHashAndReset())[..32]}";

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();
}
