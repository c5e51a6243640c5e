using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.Sqlite;

public sealed class SqliteCleanupPolicyTests : CleanupPolicyContract
{
    protected override MetadataProvider Provider => MetadataProvider.Sqlite;
}
