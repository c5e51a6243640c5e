using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlTokenTests : TokenContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
