using Registry.Formats.PyPI;
using Snapshooter.Xunit;

namespace Registry.Formats.Tests.PyPI;

/// <summary>Snapshot of what a package page shows for a PyPI package: pip install, pip.conf and .pypirc.</summary>
public sealed class PyPISnippetsTests
{
    [Fact]
    public void Snippets_show_pip_install_pip_conf_and_pypirc()
    {
        var snippets = PyPISnippets.For(new PackageSnippetContext(
            "https://registry.example.com", 7, "demo/app", "my-pkg", "1.2.3", ["my_pkg-1.2.3-py3-none-any.whl", "my_pkg-1.2.3.tar.gz"]));

        Snapshot.Match(snippets);
    }
}
