using Registry.Formats.Composer;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Composer;

/// <summary>Snapshot of what a package page shows for a Composer package: the group repository, the token, require and the upload.</summary>
public sealed class ComposerSnippetsTests
{
    [Fact]
    public void Snippets_show_the_group_repository_the_token_require_and_the_upload()
    {
        var snippets = ComposerSnippets.For(new PackageSnippetContext(
            "https://registry.example.com", 7, "acme/libs/widget", "acme/widget", "1.2.3", ["acme-widget-1.2.3.zip"]));

        Snapshot.Match(snippets);
    }
}
