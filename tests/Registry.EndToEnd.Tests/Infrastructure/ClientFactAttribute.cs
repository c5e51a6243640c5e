namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test that drives a real client. Skipped with the reason when the client is not installed, unless
/// <c>REGISTRY_E2E_REQUIRED=1</c> (CI), where the test runs and fails instead, so a missing client never passes unseen.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ClientFactAttribute : FactAttribute
{
    public ClientFactAttribute(params string[] executables)
    {
        var missing = executables.Where(e => ExternalTool.FindOrNull(e) is null).ToArray();
        if (missing.Length > 0 && !ExternalTool.E2ERequired)
        {
            Skip = $"not installed: {string.Join(", ", missing)} (set REGISTRY_E2E_REQUIRED=1 to fail instead)";
        }
    }
}
