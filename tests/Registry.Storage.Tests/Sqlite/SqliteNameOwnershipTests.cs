using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteNameOwnershipTests : NameOwnershipContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
