using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlResourceAccessTokenTests : ResourceAccessTokenContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
