using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteDirectoryTests : DirectoryContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
