namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test that drives a real client. Skipped with the reason when the client is not installed, unless
/// <c>REGISTRY_E2E_REQUIRED=1</c> (CI), where the test runs and fails instead, so a missing client never passes unseen.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClientFactAttribute : FactAttribute
{
    public ClientFactAttribute(params string[] executables) =>
        Skip = SkipReasonOrNull(executables.Where(e => ExternalTool.FindOrNull(e) is null));

    /// <summary>The skip reason naming what is <paramref name="missing"/>; null when nothing is, or in CI, where the test must fail instead.</summary>
    public static string? SkipReasonOrNull(IEnumerable<string> missing)
    {
        var names = missing.Distinct().ToArray();
        return names.Length > 0 && !ExternalTool.E2ERequired
            ? $"not installed: {string.Join(", ", names)} (set REGISTRY_E2E_REQUIRED=1 to fail instead)"
            : null;
    }
}
