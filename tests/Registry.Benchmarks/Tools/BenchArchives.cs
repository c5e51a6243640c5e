using System.Formats.Tar;
using System.IO.Compression;

namespace Registry.Benchmarks.Tools;

/// <summary>The archives the seeders upload: gzipped tars and zips around an incompressible payload, so each file is as large as asked.</summary>
internal static class BenchArchives
{
    // Archive entries carry a timestamp; a fixed one makes the bytes (and so any digest in a URL) repeatable.
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary><paramref name="bytes"/> random bytes from <paramref name="seed"/>: the same on every run, and not compressible.</summary>
    public static byte[] Payload(int bytes, int seed)
    {
        var payload = new byte[bytes];
        new Random(seed).NextBytes(payload);
        return payload;
    }

    /// <summary>A gzip-compressed (pax) tar of the entries, in order.</summary>
    public static byte[] Tgz(IEnumerable<(string Path, byte[] Data)> entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (path, data) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(data), ModificationTime = EntryTime });
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A zip of the entries, in order, stored (the payload does not compress anyway).</summary>
    public static byte[] Zip(IEnumerable<(string Path, byte[] Data)> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, data) in entries)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.NoCompression);
                entry.LastWriteTime = EntryTime;
                using var stream = entry.Open();
                stream.Write(data);
            }
        }

        return buffer.ToArray();
    }
}
