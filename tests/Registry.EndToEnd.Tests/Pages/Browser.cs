namespace Registry.EndToEnd.Tests.Pages;

/// <summary>Where the browser tests find Chromium and playwright-core (what .ci/run installs).</summary>
public static class Browser
{
    /// <summary><c>CHROMIUM</c>, or Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary><c>PLAYWRIGHT_CORE</c>, or playwright-core installed under <c>~/.cache/registry-tests/playwright-core</c>.</summary>
    public static string PlaywrightCore => Environment.GetEnvironmentVariable("PLAYWRIGHT_CORE") is { Length: > 0 } path
        ? path
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "registry-tests", "playwright-core", "node_modules", "playwright-core");
}
