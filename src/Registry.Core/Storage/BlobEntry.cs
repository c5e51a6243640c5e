namespace Registry.Core.Storage;

/// <summary>A committed blob as a listing reports it.</summary>
/// <param name="Key">The SHA-256, lowercase hex.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">When it was written, for the garbage collector's grace period.</param>
public sealed record BlobEntry(string Key, long Size, DateTimeOffset LastModified);
