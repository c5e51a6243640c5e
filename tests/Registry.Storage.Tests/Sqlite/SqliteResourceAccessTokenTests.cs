using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteResourceAccessTokenTests : ResourceAccessTokenContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
