namespace Registry.Formats.Generic;

/// <summary>curl snippets for a generic package page, as GitLab shows them.</summary>
internal static class GenericSnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var file = context.FileNames.Count > 0 ? context.FileNames[^1] : "<file_name>";
        var url = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/generic/{context.PackageName}/{context.PackageVersion}/{file}";
        return
        [
            new("Download", "shell", $"curl --header \"PRIVATE-TOKEN: <your_access_token>\" --output {file} \"{url}\""),
            new("Publish", "shell", $"curl --header \"PRIVATE-TOKEN: <your_access_token>\" --upload-file {file} \"{url}\""),
        ];
    }
}
