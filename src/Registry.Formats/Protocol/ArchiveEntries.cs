using System.Text.RegularExpressions;

namespace Registry.Formats.Protocol;

/// <summary>
/// Checks every archive parser makes on entries before a client extracts them: no absolute path, no <c>..</c>
/// (zip-slip), and a bounded read of the one small file the parser needs, whatever size the entry declares.
/// </summary>
internal static partial class ArchiveEntries
{
    /// <summary>Why <paramref name="path"/> would escape the directory it is extracted to; null when it stays inside.</summary>
    public static string? UnsafePathOrNull(string path)
    {
        var normalized = path.Replace('\\', '/');
        if (normalized.StartsWith('/') || DriveLetter().IsMatch(normalized))
        {
            return $"the archive holds an absolute path: '{path}'";
        }

        return normalized.Split('/').Contains("..") ? $"the archive holds a path with '..': '{path}'" : null;
    }

    /// <summary>Whether <paramref name="path"/> starts with a drive letter (<c>C:</c>), which is absolute on Windows.</summary>
    public static bool HasDriveLetter(string path) => DriveLetter().IsMatch(path);

    /// <summary>
    /// Reads an entry whole, failing with <see cref="InvalidDataException"/> past <paramref name="max"/> bytes: an
    /// entry's declared length may lie, so the limit holds on what is actually inflated.
    /// </summary>
    public static byte[] ReadBounded(Stream stream, int max)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw new InvalidDataException($"the metadata file is larger than {max} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [GeneratedRegex(@"\A[A-Za-z]:", RegexOptions.CultureInvariant)]
    private static partial Regex DriveLetter();
}
