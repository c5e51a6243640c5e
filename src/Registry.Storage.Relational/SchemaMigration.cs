namespace Registry.Storage.Relational;

/// <summary>One schema change, applied once in its own transaction.</summary>
/// <param name="Version">Its number in <c>schema_migrations</c>; versions only grow.</param>
/// <param name="Name">A short name for logs.</param>
/// <param name="Sql">The statements, or null when this dialect has nothing to change (the version is still recorded).</param>
internal sealed record SchemaMigration(long Version, string Name, string? Sql);
