using Registry.Formats.Go;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Go;

/// <summary>Snapshot of what a package page shows for a Go module: GOPROXY and GONOSUMDB, .netrc, go get and the upload.</summary>
public sealed class GoSnippetsTests
{
    [Fact]
    public void Snippets_show_goproxy_netrc_go_get_and_the_upload()
    {
        var snippets = GoSnippets.For(new PackageSnippetContext(
            "https://registry.example.com:8443", 7, "demo/app", "example.com/Demo/Lib", "v1.2.3", ["v1.2.3.zip"]));

        Snapshot.Match(snippets);
    }
}
