using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqlitePackageUsageTests : PackageUsageContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
