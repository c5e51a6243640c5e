using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlPackageUpdateTests : PackageUpdateContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
