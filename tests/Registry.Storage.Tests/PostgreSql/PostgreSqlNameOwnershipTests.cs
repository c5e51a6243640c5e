using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlNameOwnershipTests : NameOwnershipContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
