using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlProtectionRuleTests : ProtectionRuleContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
