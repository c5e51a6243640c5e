using System.IO.Compression;
using System.Reflection.Metadata;
using System.Security.Cryptography;

namespace Registry.Formats.NuGet;

/// <summary>
/// One portable PDB of a symbol package, in a temporary file deleted on dispose, with its SSQP key
/// (https://github.com/dotnet/symstore/blob/main/docs/specs/SSQP_Key_Conventions.md#portable-pdb-signature) and the
/// checksum a debugger sends in <c>SymbolChecksum</c>: SHA-256 of the file with its 20-byte PDB id zeroed
/// (https://github.com/dotnet/runtime/blob/main/docs/design/specs/PE-COFF.md#pdb-checksum-debug-directory-entry-type-19).
/// </summary>
internal sealed class NuGetSymbolFile : IDisposable
{
    private NuGetSymbolFile(string fileName, string signature, string checksum, FileStream content)
    {
        FileName = fileName;
        Signature = signature;
        Checksum = checksum;
        Content = content;
    }

    /// <summary>The file name, lowercase, without directories.</summary>
    public string FileName { get; }

    /// <summary>The PDB id's GUID in <c>N</c> format followed by the age <c>FFFFFFFF</c>, lowercase.</summary>
    public string Signature { get; }

    /// <summary>The checksum's SHA-256, lowercase hex.</summary>
    public string Checksum { get; }

    public FileStream Content { get; }

    public static NuGetSymbolFile? FromEntryOrNull(ZipArchiveEntry entry, out string? error)
    {
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        try
        {
            using (var source = entry.Open())
            {
                source.CopyTo(temp);
            }

            temp.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(temp, MetadataStreamOptions.LeaveOpen);
            var header = provider.GetMetadataReader().DebugMetadataHeader;
            if (header is null || header.Id.Length != 20)
            {
                temp.Dispose();
                error = $"{entry.FullName} is not a portable PDB";
                return null;
            }

            var signature = new BlobContentId(header.Id).Guid.ToString("N") + "ffffffff";
            var checksum = ChecksumWithZeroedId(temp, header.IdStartOffset, header.Id.Length);
            temp.Position = 0;
            error = null;
            return new NuGetSymbolFile(Path.GetFileName(entry.FullName).ToLowerInvariant(), signature, checksum, temp);
        }
        catch (Exception ex) when (ex is BadImageFormatException or OverflowException)
        {
            // OverflowException: System.Reflection.Metadata's own answer to some corrupt headers (found by fuzzing).
            temp.Dispose();
            error = $"{entry.FullName} is not a portable PDB";
            return null;
        }
        catch (InvalidDataException ex)
        {
            temp.Dispose();
            error = $"{entry.FullName} cannot be read: {ex.Message}";
            return null;
        }
    }

    public void Dispose() => Content.Dispose();

    private static string ChecksumWithZeroedId(Stream pdb, int idOffset, int idLength)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        pdb.Position = 0;
        var buffer = new byte[81920];
        long position = 0;
        int read;
        while ((read = pdb.Read(buffer, 0, buffer.Length)) > 0)
        {
            var from = Math.Max(idOffset - position, 0);
            var to = Math.Min(idOffset + idLength - position, read);
            if (from < to)
            {
                Array.Clear(buffer, (int)from, (int)(to - from));
            }

            sha256.AppendData(buffer, 0, read);
            position += read;
        }

        return Convert.ToHexStringLower(sha256.GetHashAndReset());
    }
}
