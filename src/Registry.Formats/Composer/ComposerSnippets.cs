namespace Registry.Formats.Composer;

/// <summary>Composer snippets for a package page, as GitLab shows them: the group repository, the token, require, and the upload.</summary>
internal static class ComposerSnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var slash = context.ProjectFullPath.LastIndexOf('/');
        var group = slash > 0 ? context.ProjectFullPath[..slash] : context.ProjectFullPath;
        var repository = $"{context.RegistryBaseUrl}/api/v4/group/{Uri.EscapeDataString(group)}/-/packages/composer/";
        var host = Uri.TryCreate(context.RegistryBaseUrl, UriKind.Absolute, out var uri) ? uri.Authority : context.RegistryBaseUrl;
        var upload = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/composer?version={Uri.EscapeDataString(context.PackageVersion)}";
        return
        [
            new("Registry setup", "shell", $"composer config repositories.{group.Replace('/', '-')} composer {repository}"),
            new("Authentication", "shell", $"composer config gitlab-domains {host}\ncomposer config --auth gitlab-token.{host} <personal_access_token>"),
            new("Install", "shell", $"composer require {context.PackageName}:{context.PackageVersion}"),
            new("Publish", "shell", $"composer archive --format=zip --file=package\ncurl --fail --user <username>:<token> --upload-file package.zip \"{upload}\""),
        ];
    }
}
