namespace Registry.Storage.Migration;

/// <summary>Where a migration stands, reported after every blob.</summary>
/// <param name="Done">Blobs handled so far (moved, found moved, or failed).</param>
/// <param name="Total">Blobs the source held when the migration started.</param>
/// <param name="BytesDone">Bytes of the blobs handled so far.</param>
/// <param name="TotalBytes">Bytes the source held when the migration started.</param>
/// <param name="Failed">Blobs left in the source because their bytes did not verify.</param>
public sealed record BlobMigrationProgress(long Done, long Total, long BytesDone, long TotalBytes, long Failed);
