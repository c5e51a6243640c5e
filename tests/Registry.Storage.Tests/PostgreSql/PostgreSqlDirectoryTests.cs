using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

[RequiresPostgreSql]
public sealed class PostgreSqlDirectoryTests : DirectoryContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;
}
