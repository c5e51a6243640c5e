using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteProtectionRuleTests : ProtectionRuleContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
