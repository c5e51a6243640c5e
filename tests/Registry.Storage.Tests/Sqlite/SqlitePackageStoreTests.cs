using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqlitePackageStoreTests : PackageStoreContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
