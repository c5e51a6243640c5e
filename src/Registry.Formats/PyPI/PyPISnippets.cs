namespace Registry.Formats.PyPI;

/// <summary>pip and twine snippets for a PyPI package page, as GitLab shows them.</summary>
internal static class PyPISnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var repository = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/pypi";
        var authority = context.RegistryBaseUrl.Contains("://", StringComparison.Ordinal) ? context.RegistryBaseUrl.Split("://", 2) : ["https", context.RegistryBaseUrl];
        var index = $"{authority[0]}://<your_username>:<your_token>@{authority[1]}/api/v4/projects/{context.ProjectId}/packages/pypi/simple/";
        return
        [
            new("Install", "shell", $"pip install {context.PackageName}=={context.PackageVersion} --index-url {index}"),
            new("Registry setup", "ini", $"[global]\nindex-url = {index}\n"),
            new("Publish", "ini", $"[distutils]\nindex-servers = gitlab\n\n[gitlab]\nrepository = {repository}\nusername = <your_username>\npassword = <your_token>\n"),
            new("Publish command", "shell", "python3 -m twine upload --repository gitlab dist/*"),
        ];
    }
}
