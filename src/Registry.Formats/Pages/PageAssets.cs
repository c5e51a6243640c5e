using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Registry.Formats.Pages;

/// <summary>
/// The pages' static files, embedded in the assembly (no build step for a host, no CDN): read once, served with a
/// strong ETag so a browser revalidates instead of downloading them again.
/// </summary>
internal static class PageAssets
{
    public const string Shell = "shell.html";

    private static readonly Lazy<FrozenDictionary<string, Asset>> All = new(Load);

    /// <summary>The files a browser may fetch by name (the shell is rendered, not served as is).</summary>
    public static IEnumerable<string> Served => All.Value.Keys.Where(static name => name != Shell);

    public static Asset Get(string name) => All.Value[name];

    public static string ShellTemplate() => System.Text.Encoding.UTF8.GetString(Get(Shell).Content);

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        const string prefix = "Registry.Formats.Pages.";
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(static n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"missing resource {resource}");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[prefix.Length..];
            assets[name] = new Asset(content, ContentType(name), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    };

    /// <summary>One embedded file.</summary>
    internal sealed record Asset(byte[] Content, string ContentType, string ETag);
}
