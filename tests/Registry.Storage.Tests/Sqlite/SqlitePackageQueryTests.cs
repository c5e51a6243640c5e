using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqlitePackageQueryTests : PackageQueryContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
