namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test that drives a Python client library: it needs a <c>python3</c> on <c>PATH</c> that imports every one of
/// <paramref name="modules"/> (Debian's <c>python3-gitlab</c> lives in the system Python, not in a pyenv one found
/// first). Skipped with the reason when there is none, unless <c>REGISTRY_E2E_REQUIRED=1</c>, where the test runs and
/// fails, as <see cref="ClientFactAttribute"/> does.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PythonModuleFactAttribute : FactAttribute
{
    public PythonModuleFactAttribute(params string[] modules)
    {
        if (ExternalTool.FindPythonWithOrNull(modules) is null && !ExternalTool.E2ERequired)
        {
            Skip = $"no python3 on PATH imports {string.Join(", ", modules)} (set REGISTRY_E2E_REQUIRED=1 to fail instead)";
        }
    }
}
