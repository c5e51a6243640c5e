using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlPackageStoreTests : PackageStoreContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
