using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Offload;

/// <summary>
/// The README's nginx configurations for offloaded downloads, read from the README itself so the tests run what users
/// copy, with the README's paths and ports swapped for a fixture's. A README change that drops one of them fails here.
/// </summary>
internal static class ReadmeNginx
{
    private const string OffloadSection = "### Downloads sent by nginx (offload)";
    private const string GrantSection = "#### Download grants: repeat downloads without asking the host";

    /// <summary>The README's offload block for the <c>http</c> context, pointed at this fixture's host, port and blobs.</summary>
    public static string OffloadHttpBlock(int port, string upstream, string blobs) =>
        Swap(Block(OffloadSection), OffloadSection,
            ("proxy_pass http://127.0.0.1:5000;", $"proxy_pass {upstream};"),
            ("listen 80;", $"listen 127.0.0.1:{port};"),
            ("/mnt/registry/blobs/", $"{blobs}/"));

    /// <summary>The README's grant block for the <c>http</c> context, pointed at this fixture's host, port and directories.</summary>
    public static string GrantHttpBlock(string work, int port, string upstreamAuthority, string blobs, string script) =>
        Swap(Block(GrantSection), GrantSection,
            ("/etc/nginx/registry-grant.js", script),
            ("/var/cache/nginx/registry-grants", $"{work}/grants"),
            ("unix:/run/nginx-registry-grants.sock", $"unix:{work}/grants.sock"),
            ("server 127.0.0.1:5000;", $"server {upstreamAuthority};"),
            ("listen 80;", $"listen 127.0.0.1:{port};"),
            ("/mnt/registry/blobs/", $"{blobs}/"));

    private static string Block(string section)
    {
        var lines = File.ReadAllLines(RepositoryRoot.Readme);
        var heading = Array.IndexOf(lines, section);
        var start = heading < 0 ? -1 : Array.IndexOf(lines, "```nginx", heading);
        return start < 0
            ? throw new InvalidOperationException($"the README has no nginx block under \"{section}\"")
            : string.Join('\n', lines.Skip(start + 1).TakeWhile(l => l != "```"));
    }

    private static string Swap(string block, string section, params (string Readme, string Fixture)[] swaps)
    {
        foreach (var (readme, fixture) in swaps)
        {
            block = block.Contains(readme, StringComparison.Ordinal)
                ? block.Replace(readme, fixture, StringComparison.Ordinal)
                : throw new InvalidOperationException($"the README's nginx block under \"{section}\" no longer has \"{readme}\"");
        }

        return block;
    }
}
