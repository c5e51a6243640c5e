using Registry.Formats.Maven;

namespace Registry.Formats.Tests.Maven;

/// <summary>What a package page shows for a Maven package: coordinates split back from GitLab's <c>group/path/artifact</c> name.</summary>
public sealed class MavenSnippetsTests
{
    [Fact]
    public void Snippets_name_the_dependency_the_repository_and_the_token_header()
    {
        var snippets = MavenSnippets.For(new PackageSnippetContext(
            "https://registry.example.com", 7, "demo/app", "com/example/lib", "1.2.3", ["lib-1.2.3.jar", "lib-1.2.3.pom"]));

        snippets.Select(s => s.Title).Should().Equal("Install (pom.xml)", "Install (mvn)", "Registry setup (pom.xml)", "Registry setup (settings.xml)");
        snippets[0].Code.Should().Contain("<groupId>com.example</groupId>").And.Contain("<artifactId>lib</artifactId>").And.Contain("<version>1.2.3</version>");
        snippets[1].Code.Should().Be("mvn dependency:get -Dartifact=com.example:lib:1.2.3");
        snippets[2].Code.Should().Contain("<url>https://registry.example.com/api/v4/projects/7/packages/maven</url>").And.Contain("<snapshotRepository>");
        snippets[3].Code.Should().Contain("<name>Private-Token</name>");
        foreach (var xml in snippets.Where(s => s.Language == "xml"))
        {
            var parse = () => System.Xml.Linq.XElement.Parse($"<root>{xml.Code}</root>");
            parse.Should().NotThrow(xml.Title);
        }
    }
}
