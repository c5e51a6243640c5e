namespace Registry.Formats.Helm;

/// <summary>
/// Helm snippets for a chart's page, as GitLab's documentation gives them
/// (https://docs.gitlab.com/ee/user/packages/helm_repository/): the repository in the <c>stable</c> channel, the numeric
/// project id (which <c>helm cm-push</c> needs to build its upload URL from <c>serverInfo.contextPath</c>).
/// </summary>
internal static class HelmSnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var api = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/helm";
        var chart = HelmNames.ChartFileName(context.PackageName, context.PackageVersion);
        return
        [
            new("Registry setup", "shell", $"helm repo add --username <your_username> --password <your_token> project-{context.ProjectId} {api}/stable"),
            new("Install", "shell", $"helm repo update\nhelm install my-release project-{context.ProjectId}/{context.PackageName} --version {context.PackageVersion}"),
            new("Publish", "shell", $"helm cm-push {chart} project-{context.ProjectId}"),
            new("Publish with curl", "shell", $"curl --fail-with-body --user <your_username>:<your_token> --form 'chart=@{chart}' {api}/api/stable/charts"),
        ];
    }
}
