namespace Registry.Storage.Tests.Metadata;

/// <summary>The metadata databases the contract suites run against.</summary>
public enum MetadataProvider
{
    Sqlite,
    PostgreSql,
}
