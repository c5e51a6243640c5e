namespace Registry.Core.Storage;

/// <summary>A stored blob with the digests computed while it streamed in.</summary>
/// <param name="Key">Its key: the SHA-256.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Md5">MD5, lowercase hex.</param>
/// <param name="Sha1">SHA-1, lowercase hex.</param>
/// <param name="Sha256">SHA-256, lowercase hex.</param>
/// <param name="Sha512">SHA-512, lowercase hex.</param>
public sealed record BlobDescriptor(string Key, long Size, string Md5, string Sha1, string Sha256, string Sha512);
