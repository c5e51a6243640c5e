using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlPackageQueryTests : PackageQueryContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
