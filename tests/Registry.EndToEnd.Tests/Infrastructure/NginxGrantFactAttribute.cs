namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A test of nginx's download grants with real clients: skipped with the reason when one of the clients, nginx or its
/// JavaScript module is missing, unless <c>REGISTRY_E2E_REQUIRED=1</c> (CI), where the test runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NginxGrantFactAttribute : FactAttribute
{
    public NginxGrantFactAttribute(params string[] executables) =>
        Skip = ClientFactAttribute.SkipReasonOrNull(executables.Prepend("nginx").Where(e => ExternalTool.FindOrNull(e) is null)
            .Concat(NginxJsModule.PathOrNull is null ? ["nginx's JavaScript module (Debian: libnginx-mod-http-js)"] : []));
}
