using Registry.Formats.Helm;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.Helm;

/// <summary>Snapshot of what a package page shows for a chart: helm repo add, install, cm-push and curl.</summary>
public sealed class HelmSnippetsTests
{
    [Fact]
    public void Snippets_show_repo_add_install_cm_push_and_curl()
    {
        var snippets = HelmSnippets.For(new PackageSnippetContext("https://registry.example.com", 7, "demo/app", "my-chart", "1.2.3", ["my-chart-1.2.3.tgz"]));

        Snapshot.Match(snippets);
    }
}
