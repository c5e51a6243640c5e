using Registry.Testing;

namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test that needs the PostgreSQL test server (and, optionally, client executables). Skipped with the reason where
/// they are missing, unless <c>REGISTRY_E2E_REQUIRED=1</c> (CI), where the test runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute(params string[] executables) =>
        Skip = PostgreSqlTestServer.SkipReason
            ?? ClientFactAttribute.SkipReasonOrNull(executables.Where(e => ExternalTool.FindOrNull(e) is null));
}
