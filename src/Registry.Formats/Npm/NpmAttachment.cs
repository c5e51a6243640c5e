namespace Registry.Formats.Npm;

/// <summary>
/// What the streamed <c>_attachments.*.data</c> value decoded to, learned in passing: its size, digests and whether it
/// starts like gzip. <paramref name="DataValues"/> counts every <c>data</c> string seen; only the first one is stored.
/// </summary>
internal sealed record NpmAttachment(long Length, byte[] Sha512, byte[] Sha1, bool IsGzip, int DataValues);
