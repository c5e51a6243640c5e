using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteRevisionCacheTests : RevisionCacheContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
