namespace Registry.Formats.Terraform;

/// <summary>
/// Snippets for a module's page, as GitLab shows them: the <c>module</c> block with its registry source and version,
/// the CLI configuration's <c>credentials</c> block, and the curl publish command.
/// </summary>
internal static class TerraformSnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var host = Host(context.RegistryBaseUrl);
        var slash = context.ProjectFullPath.IndexOf('/', StringComparison.Ordinal);
        var @namespace = slash < 0 ? context.ProjectFullPath : context.ProjectFullPath[..slash];
        var separator = context.PackageName.IndexOf('/', StringComparison.Ordinal);
        var name = separator < 0 ? context.PackageName : context.PackageName[..separator];
        var system = separator < 0 ? "<system>" : context.PackageName[(separator + 1)..];
        var file = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/terraform/modules/{name}/{system}/{context.PackageVersion}/file";
        return
        [
            new("Provision instructions", "hcl", $"module \"{name}\" {{\n  source  = \"{host}/{@namespace}/{name}/{system}\"\n  version = \"{context.PackageVersion}\"\n}}"),
            new("Registry setup (~/.terraformrc or TF_CLI_CONFIG_FILE)", "hcl", $"credentials \"{host}\" {{\n  token = \"<your_access_token>\"\n}}"),
            new("Publish", "shell", $"curl --fail-with-body --header \"PRIVATE-TOKEN: <your_access_token>\" --upload-file {name}-{system}-{context.PackageVersion}.tgz \"{file}\""),
        ];
    }

    /// <summary>The registry host as Terraform addresses it (host and port, no scheme or path: discovery is at the host root).</summary>
    private static string Host(string baseUrl) => Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.Authority : baseUrl;
}
