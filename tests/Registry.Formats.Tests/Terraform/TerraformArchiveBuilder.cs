using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Registry.Formats.Tests.Terraform;

/// <summary>Module archives for tests: good ones with fixed bytes, and the hostile kinds the registry must refuse.</summary>
internal static class TerraformArchiveBuilder
{
    private static readonly DateTimeOffset EntryTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A module with a root output naming <paramref name="marker"/> and a submodule <c>modules/x</c>.</summary>
    public static byte[] Module(string marker = "v1") => TarGz(
        File("main.tf", $"output \"marker\" {{ value = \"{marker}\" }}\n"),
        File("modules/x/main.tf", "output \"sub\" { value = \"x\" }\n"));

    public static TarEntry File(string name, string content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)), ModificationTime = EntryTime };
        return entry;
    }

    public static TarEntry Link(TarEntryType type, string name, string target) =>
        new PaxTarEntry(type, name) { LinkName = target, ModificationTime = EntryTime };

    public static byte[] TarGz(params TarEntry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>A plain (not gzip-compressed) tar.</summary>
    public static byte[] Tar(params TarEntry[] entries)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>gzip of arbitrary bytes (a valid gzip stream that is not a tar).</summary>
    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }
}
