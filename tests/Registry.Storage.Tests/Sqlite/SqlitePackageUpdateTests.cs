using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqlitePackageUpdateTests : PackageUpdateContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
