namespace Registry.Storage.Tests.Metadata;

/// <summary>
/// Marks a test class that needs the PostgreSQL test server: its <see cref="ContractFactAttribute"/> and
/// <see cref="ContractTheoryAttribute"/> tests are skipped with the reason where no server can be started.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgreSqlAttribute : Attribute;
