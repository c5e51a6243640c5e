namespace Registry.Formats.NuGet;

/// <summary>dotnet CLI snippets for a NuGet package page, as GitLab shows them.</summary>
internal static class NuGetSnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var source = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/nuget/index.json";
        return
        [
            new("Install", "shell", $"dotnet add package {context.PackageName} --version {context.PackageVersion}"),
            new("Registry setup", "shell", $"dotnet nuget add source \"{source}\" --name gitlab --username <your_username> --password <your_token>"),
            new("Publish", "shell", $"dotnet nuget push {context.PackageName}.{context.PackageVersion}.nupkg --source \"{source}\" --api-key <your_token>"),
        ];
    }
}
