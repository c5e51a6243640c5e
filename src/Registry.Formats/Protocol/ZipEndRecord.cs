using System.Buffers.Binary;

namespace Registry.Formats.Protocol;

/// <summary>
/// Reads how many entries a zip declares from its end of central directory record (APPNOTE.TXT sections 4.3.14 to
/// 4.3.16, zip64 included), without reading the directory: <c>ZipArchive</c> keeps every entry of the directory in
/// memory, so the count is checked against a limit first.
/// </summary>
internal static class ZipEndRecord
{
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const int EndLength = 22;
    private const int Zip64LocatorLength = 20;
    private const int MaxCommentLength = ushort.MaxValue;

    /// <summary>
    /// The refusal of a zip (seekable) that declares more than <paramref name="maxEntries"/> entries, before anything
    /// reads its directory (<c>ZipArchive</c> checks that the directory holds what the end record declares); null when
    /// within the limit or when there is no end record, which <c>ZipArchive</c> then refuses. Leaves the stream at 0.
    /// </summary>
    public static ParseError? TooManyEntriesOrNull(Stream zip, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var count = EntryCountOrNull(zip);
        zip.Position = 0;
        return count > maxEntries ? new ParseError($"the archive holds {count} entries; the limit is {maxEntries}") : null;
    }

    /// <summary>The number of entries the zip declares; null when no end record is found.</summary>
    public static long? EntryCountOrNull(Stream zip)
    {
        if (zip.Length < EndLength)
        {
            return null;
        }

        var tailLength = (int)Math.Min(zip.Length, EndLength + MaxCommentLength + Zip64LocatorLength);
        var tail = new byte[tailLength];
        zip.Position = zip.Length - tailLength;
        zip.ReadExactly(tail);
        for (var at = tailLength - EndLength; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndSignature)
            {
                continue;
            }

            long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 10));
            if (count == ushort.MaxValue && at >= Zip64LocatorLength
                && BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at - Zip64LocatorLength)) == Zip64LocatorSignature)
            {
                return Zip64EntryCountOrNull(zip, BinaryPrimitives.ReadInt64LittleEndian(tail.AsSpan(at - Zip64LocatorLength + 8)));
            }

            return count;
        }

        return null;
    }

    private static long? Zip64EntryCountOrNull(Stream zip, long recordOffset)
    {
        if (recordOffset < 0 || recordOffset > zip.Length - 40)
        {
            return null;
        }

        var record = new byte[40];
        zip.Position = recordOffset;
        zip.ReadExactly(record);
        return BinaryPrimitives.ReadUInt32LittleEndian(record) == Zip64EndSignature
            ? BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(32))
            : null;
    }
}
