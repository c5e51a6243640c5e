namespace Registry.Storage.Migration;

/// <summary>What a migration run did.</summary>
/// <param name="Copied">Blobs copied, verified at the destination and removed from the source.</param>
/// <param name="AlreadyPresent">Blobs the destination held already with the right bytes (an earlier, interrupted run); removed from the source.</param>
/// <param name="Vanished">Blobs deleted by garbage collection while the migration ran.</param>
/// <param name="Failed">Blobs whose bytes did not match their SHA-256; left in the source and logged.</param>
public sealed record BlobMigrationResult(long Copied, long AlreadyPresent, long Vanished, long Failed);
