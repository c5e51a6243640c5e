using Registry.Core.Packages;

namespace Registry.Core.Cleanup;

/// <summary>A file a cleanup deletes (or would delete) from a version it keeps: a duplicate beyond the newest N of its name.</summary>
/// <param name="Package">The version the file belongs to.</param>
/// <param name="File">The file.</param>
public sealed record CleanupFile(Package Package, PackageFile File);
