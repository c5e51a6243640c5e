using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Pages;

/// <summary>
/// A test that drives the web pages in headless Chromium with playwright-core. Skipped with the reason when Chromium,
/// node or playwright-core is missing, unless <c>REGISTRY_E2E_REQUIRED=1</c> (CI), where it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        var missing = new List<string>();
        if (!File.Exists(Browser.Chromium))
        {
            missing.Add($"chromium ({Browser.Chromium}; apt-get install chromium)");
        }

        if (ExternalTool.FindOrNull("node") is null)
        {
            missing.Add("node");
        }

        if (!Directory.Exists(Browser.PlaywrightCore))
        {
            missing.Add($"playwright-core ({Browser.PlaywrightCore}; see .ci/run)");
        }

        Skip = ClientFactAttribute.SkipReasonOrNull(missing);
    }
}
