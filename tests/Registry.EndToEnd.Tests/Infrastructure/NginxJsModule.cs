using System.Diagnostics;

namespace Registry.EndToEnd.Tests.Infrastructure;

/// <summary>
/// nginx's JavaScript module (njs; Debian's <c>libnginx-mod-http-js</c>), which the README's download grants need to
/// hash their key: found in the modules directory the installed nginx was built with.
/// </summary>
public static class NginxJsModule
{
    private static readonly Lazy<string?> Module = new(Find);

    /// <summary>The module's full path, for <c>load_module</c>; null when nginx or the module is not installed.</summary>
    public static string? PathOrNull => Module.Value;

    private static string? Find()
    {
        if (ExternalTool.FindOrNull("nginx") is not { } nginx)
        {
            return null;
        }

        var info = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-V");
        using var process = Process.Start(info);
        if (process is null)
        {
            return null;
        }

        // nginx -V prints its configure arguments on stderr.
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var directory = output.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(a => a.StartsWith("--modules-path=", StringComparison.Ordinal))
            .Select(a => a["--modules-path=".Length..].Trim())
            .FirstOrDefault() ?? "/usr/lib/nginx/modules";
        var module = Path.Combine(directory, "ngx_http_js_module.so");
        return File.Exists(module) ? module : null;
    }
}
