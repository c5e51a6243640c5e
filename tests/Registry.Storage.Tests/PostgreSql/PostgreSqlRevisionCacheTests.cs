using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlRevisionCacheTests : RevisionCacheContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
