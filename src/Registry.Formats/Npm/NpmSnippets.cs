namespace Registry.Formats.Npm;

/// <summary>npm snippets for a package page, as GitLab shows them.</summary>
internal static class NpmSnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var registry = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/npm/";
        var hostPath = registry[(registry.IndexOf("//", StringComparison.Ordinal) + 2)..];
        var scope = context.PackageName.StartsWith('@') && context.PackageName.Contains('/', StringComparison.Ordinal)
            ? context.PackageName[..context.PackageName.IndexOf('/', StringComparison.Ordinal)]
            : null;
        var registryLine = scope is null ? $"registry={registry}" : $"{scope}:registry={registry}";
        return
        [
            new("Install", "shell", $"npm install {context.PackageName}@{context.PackageVersion}"),
            new("Registry setup", "ini", $"{registryLine}\n//{hostPath}:_authToken=<your_access_token>"),
        ];
    }
}
