using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Offload;

/// <summary>
/// The README's nginx configuration for download grants, read from the README itself so the tests run what users copy,
/// with the README's paths and ports swapped for a fixture's. A README change that drops one of them fails here.
/// </summary>
internal static class ReadmeNginxGrants
{
    private const string Section = "#### Download grants: repeat downloads without asking the host";

    /// <summary>The README's block for the <c>http</c> context, pointed at this fixture's host, port and directories.</summary>
    public static string HttpBlock(string work, int port, string upstreamAuthority, string blobs, string script)
    {
        var lines = File.ReadAllLines(RepositoryRoot.Readme);
        var section = Array.IndexOf(lines, Section);
        var start = section < 0 ? -1 : Array.IndexOf(lines, "```nginx", section);
        if (start < 0)
        {
            throw new InvalidOperationException($"the README has no nginx block under \"{Section}\"");
        }

        var block = string.Join('\n', lines.Skip(start + 1).TakeWhile(l => l != "```"));
        block = Swap(block, "/etc/nginx/registry-grant.js", script);
        block = Swap(block, "/var/cache/nginx/registry-grants", $"{work}/grants");
        block = Swap(block, "unix:/run/nginx-registry-grants.sock", $"unix:{work}/grants.sock");
        block = Swap(block, "server 127.0.0.1:5000;", $"server {upstreamAuthority};");
        block = Swap(block, "listen 80;", $"listen 127.0.0.1:{port};");
        return Swap(block, "/mnt/registry/blobs/", $"{blobs}/");
    }

    private static string Swap(string block, string readme, string fixture) =>
        block.Contains(readme, StringComparison.Ordinal)
            ? block.Replace(readme, fixture, StringComparison.Ordinal)
            : throw new InvalidOperationException($"the README's grant configuration no longer has \"{readme}\"");
}
