using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlPackageUsageTests : PackageUsageContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
