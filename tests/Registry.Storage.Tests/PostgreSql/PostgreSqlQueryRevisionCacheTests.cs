using Registry.Storage.Tests.Metadata;

namespace Registry.Storage.Tests.PostgreSql;

/// <summary>
/// The revision cache contract with change notifications off (<c>PackageRegistry:Metadata:ChangeNotifications=false</c>):
/// every read asks PostgreSQL for its snapshot, so a scope sees every commit acknowledged before it began, with nothing to wait for.
/// </summary>
[RequiresPostgreSql]
public sealed class PostgreSqlQueryRevisionCacheTests : RevisionCacheContract
{
    protected override MetadataProvider Provider => MetadataProvider.PostgreSql;

    protected override bool ChangeNotifications => false;
}
