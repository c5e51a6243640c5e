using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteTokenTests : TokenContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
