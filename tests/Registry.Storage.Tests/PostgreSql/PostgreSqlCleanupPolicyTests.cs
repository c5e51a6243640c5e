using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlCleanupPolicyTests : CleanupPolicyContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
