namespace Registry.Formats.Protocol;

/// <summary>
/// Hands a parser that needs to seek (zip archives: <c>.nupkg</c>, wheels) a seekable view of an upload: the stream
/// itself when it can seek, otherwise a temporary file that is deleted when closed, so memory never holds the upload.
/// </summary>
internal static class SeekableContent
{
    public static async Task<T> ReadAsync<T>(Stream content, Func<Stream, T> read, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            return read(content);
        }

        var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.DeleteOnClose);
        await using (temp.ConfigureAwait(false))
        {
            await content.CopyToAsync(temp, cancellationToken).ConfigureAwait(false);
            temp.Position = 0;
            return read(temp);
        }
    }
}
