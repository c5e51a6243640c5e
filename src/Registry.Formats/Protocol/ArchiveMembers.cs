using System.Text.RegularExpressions;

namespace Registry.Formats.Protocol;

/// <summary>
/// Checks on the members of uploaded archives (tar, zip), so that no client that extracts a stored package writes
/// outside its target directory, and bounded reads of the one member a parser needs.
/// </summary>
internal static partial class ArchiveMembers
{
    /// <summary>
    /// Whether <paramref name="ex"/> is how .NET's archive readers (GZipStream, TarReader, ZipArchive) refuse a corrupt
    /// archive. Besides the documented InvalidDataException, FormatException and EndOfStreamException, TarReader throws
    /// OverflowException (a size or checksum field out of range), InvalidOperationException (an extended-attributes
    /// size larger than the data) and NotSupportedException (a sparse file), all found by fuzzing: the client's error.
    /// </summary>
    public static bool IsCorruptArchive(Exception ex) =>
        ex is InvalidDataException or FormatException or EndOfStreamException or OverflowException or InvalidOperationException or NotSupportedException;

    /// <summary>Why an archive member's path would escape the extraction directory; null when it is safe.</summary>
    public static string? UnsafePathOrNull(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsAbsolute(path))
        {
            return $"the archive holds an absolute path: '{path}'";
        }

        return path.Replace('\\', '/').Split('/').Contains("..") ? $"the archive holds a path with '..': '{path}'" : null;
    }

    /// <summary>Whether a path (a member name, a link target) is absolute (<c>/etc</c>, <c>\etc</c>, <c>C:</c>).</summary>
    public static bool IsAbsolute(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = path.Replace('\\', '/');
        return normalized.StartsWith('/') || DriveLetter().IsMatch(normalized);
    }

    /// <summary>The name without a leading <c>./</c>, as tar writes members of <c>tar -C dir .</c>.</summary>
    public static string TrimDotSlash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
    }

    /// <summary>
    /// A member's bytes, at most <paramref name="max"/>: an archive may declare a small size and hold more, so the read
    /// itself is bounded. Throws <see cref="InvalidDataException"/> past the bound.
    /// </summary>
    public static byte[] ReadAll(Stream stream, int max)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new InvalidDataException($"an archive member is larger than {max} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [GeneratedRegex(@"\A[A-Za-z]:", RegexOptions.CultureInvariant)]
    private static partial Regex DriveLetter();
}
