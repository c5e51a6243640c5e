namespace Registry.Formats.Go;

/// <summary>
/// Snippets for a Go module's page, as GitLab's Go proxy documentation sets go up
/// (https://docs.gitlab.com/ee/user/packages/go_proxy/): the proxy URL, the checksum database skipped for the module
/// (a private module is in no public sumdb), credentials in <c>.netrc</c> (go sends them over https only, and matches
/// its <c>machine</c> by host name without the port), and the upload.
/// </summary>
internal static class GoSnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var proxy = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/go";
        var machine = Uri.TryCreate(context.RegistryBaseUrl, UriKind.Absolute, out var baseUri) ? baseUri.Host : context.RegistryBaseUrl;
        return
        [
            new("Configure", "shell", $"export GOPROXY={proxy}\nexport GONOSUMDB={context.PackageName}"),
            new(".netrc", "plaintext", $"machine {machine} login <username> password <your_access_token>"),
            new("Install", "shell", $"go get {context.PackageName}@{context.PackageVersion}"),
            new("Publish", "shell", $"curl --header \"PRIVATE-TOKEN: <your_access_token>\" --upload-file {context.PackageVersion}.zip \"{proxy}/upload\""),
        ];
    }
}
