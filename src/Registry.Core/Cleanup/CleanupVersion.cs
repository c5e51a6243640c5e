using Registry.Core.Packages;

namespace Registry.Core.Cleanup;

/// <summary>A package version a cleanup deletes (or would delete), with the bytes and file count of its live files.</summary>
/// <param name="Package">The version.</param>
/// <param name="FileCount">Its live files.</param>
/// <param name="Size">Their bytes.</param>
public sealed record CleanupVersion(Package Package, int FileCount, long Size);
