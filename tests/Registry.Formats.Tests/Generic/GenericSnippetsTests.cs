using Registry.Formats.Generic;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Generic;

/// <summary>Snapshot of what a package page shows for a generic package (Snapshooter stands in for Verify.Xunit; see README).</summary>
public sealed class GenericSnippetsTests
{
    [Fact]
    public void Snippets_show_curl_download_and_publish_for_the_newest_file()
    {
        var snippets = GenericSnippets.For(new PackageSnippetContext(
            "https://registry.example.com", 7, "demo/app", "tool", "1.2.3", ["tool-1.2.2.tar.gz", "tool-1.2.3.tar.gz"]));

        Snapshot.Match(snippets);
    }
}
