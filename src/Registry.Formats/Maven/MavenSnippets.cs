namespace Registry.Formats.Maven;

/// <summary>pom.xml, settings.xml and mvn snippets for a Maven package page, as GitLab shows them.</summary>
internal static class MavenSnippets
{
    public static IReadOnlyList<PackageSnippet> For(PackageSnippetContext context)
    {
        var slash = context.PackageName.LastIndexOf('/');
        var groupId = slash < 0 ? context.PackageName : context.PackageName[..slash].Replace('/', '.');
        var artifactId = context.PackageName[(slash + 1)..];
        var url = $"{context.RegistryBaseUrl}/api/v4/projects/{context.ProjectId}/packages/maven";
        return
        [
            new("Install (pom.xml)", "xml", $"""
                <dependency>
                  <groupId>{groupId}</groupId>
                  <artifactId>{artifactId}</artifactId>
                  <version>{context.PackageVersion}</version>
                </dependency>
                """),
            new("Install (mvn)", "shell", $"mvn dependency:get -Dartifact={groupId}:{artifactId}:{context.PackageVersion}"),
            new("Registry setup (pom.xml)", "xml", $"""
                <repositories>
                  <repository>
                    <id>gitlab-maven</id>
                    <url>{url}</url>
                  </repository>
                </repositories>
                <distributionManagement>
                  <repository>
                    <id>gitlab-maven</id>
                    <url>{url}</url>
                  </repository>
                  <snapshotRepository>
                    <id>gitlab-maven</id>
                    <url>{url}</url>
                  </snapshotRepository>
                </distributionManagement>
                """),
            new("Registry setup (settings.xml)", "xml", """
                <settings>
                  <servers>
                    <server>
                      <id>gitlab-maven</id>
                      <configuration>
                        <httpHeaders>
                          <property>
                            <name>Private-Token</name>
                            <value>REPLACE_WITH_YOUR_ACCESS_TOKEN</value>
                          </property>
                        </httpHeaders>
                      </configuration>
                    </server>
                  </servers>
                </settings>
                """),
        ];
    }
}
