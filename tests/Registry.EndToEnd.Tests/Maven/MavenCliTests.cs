using System.Text;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Maven;

/// <summary>
/// The real <c>mvn</c> (Debian's Maven with maven-deploy-plugin 3.0.0 and maven-dependency-plugin 3.5.0) against the
/// sample host process: <c>deploy:deploy-file</c> of a release, a SNAPSHOT twice, a classifier artifact and a pom-only
/// artifact, then <c>dependency:get</c> of each from the project, group and instance levels with <c>-C</c>, so every
/// checksum the registry serves (files and generated metadata) is verified. Credentials come from settings.xml:
/// GitLab's <c>Deploy-Token</c> / <c>Private-Token</c> headers, Basic after the 401 challenge, or none for a public project.
/// </summary>
public sealed class MavenCliTests : IClassFixture<SampleHostProcess>, IClassFixture<MavenLocalRepository>
{
    private const string Group = "com.example.e2e";
    private const string GroupPath = "com/example/e2e";
    private readonly SampleHostProcess _host;
    private readonly MavenLocalRepository _m2;
    private readonly string _artifact = "lib" + Guid.NewGuid().ToString("N")[..8];

    public MavenCliTests(SampleHostProcess host, MavenLocalRepository m2)
    {
        _host = host;
        _m2 = m2;
    }

    private string ProjectUrl(string project) => $"{_host.BaseUrl}/api/v4/projects/{Uri.EscapeDataString(project)}/packages/maven";

    [ClientFact("mvn")]
    public async Task Mvn_deploys_releases_snapshots_classifiers_and_poms_and_resolves_them_from_every_level()
    {
        await using var directory = new RegistryDirectory(_host.DataPath);
        var demo = await directory.Projects.FindProjectOrNullAsync("demo/app", default) ?? throw new InvalidOperationException("no demo/app");
        var deployToken = await directory.Administration.CreateDeployTokenAsync(demo.Id, null, "maven-ci", TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry, null, default);
        var deploySettings = await _m2.WriteSettingsAsync("deploy", Header("Deploy-Token", deployToken.Token));
        var project = ProjectUrl("demo/app");

        var release = await FileAsync("release.jar", "release 1.0");
        await DeployAsync(deploySettings, project, "-Dfile=" + release, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.0", "-Dpackaging=jar");
        var snapshot1 = await FileAsync("snapshot1.jar", "snapshot build one");
        await DeployAsync(deploySettings, project, "-Dfile=" + snapshot1, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.1-SNAPSHOT", "-Dpackaging=jar");
        var snapshot2 = await FileAsync("snapshot2.jar", "snapshot build two");
        await DeployAsync(deploySettings, project, "-Dfile=" + snapshot2, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.1-SNAPSHOT", "-Dpackaging=jar");
        var sources = await FileAsync("sources.jar", "sources of 1.0");
        await DeployAsync(deploySettings, project, "-Dfile=" + sources, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.0", "-Dpackaging=jar", "-Dclassifier=sources", "-DgeneratePom=false");
        var parent = await FileAsync("parent.pom", $"""
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>{Group}</groupId>
              <artifactId>{_artifact}-parent</artifactId>
              <version>2.0</version>
              <packaging>pom</packaging>
            </project>
            """);
        await DeployAsync(deploySettings, project, "-Dfile=" + parent, "-DpomFile=" + parent);

        var metadata = await GetTextAsync($"{project}/{GroupPath}/{_artifact}/1.1-SNAPSHOT/maven-metadata.xml");
        metadata.Should().Contain("<buildNumber>2</buildNumber>", "two SNAPSHOT deploys make two timestamped builds");

        var readSettings = await _m2.WriteSettingsAsync("read", Header("Private-Token", SampleHostProcess.AdminToken));
        foreach (var url in new[] { project, $"{_host.BaseUrl}/api/v4/groups/demo/-/packages/maven", $"{_host.BaseUrl}/api/v4/packages/maven" })
        {
            await ResolveAsync(readSettings, url, $"{Group}:{_artifact}:1.0", $"{_artifact}/1.0/{_artifact}-1.0.jar", release);
            await ResolveAsync(readSettings, url, $"{Group}:{_artifact}:1.1-SNAPSHOT", $"{_artifact}/1.1-SNAPSHOT/{_artifact}-1.1-SNAPSHOT.jar", snapshot2);
            await ResolveAsync(readSettings, url, $"{Group}:{_artifact}:1.0:jar:sources", $"{_artifact}/1.0/{_artifact}-1.0-sources.jar", sources);
            await ResolveAsync(readSettings, url, $"{Group}:{_artifact}-parent:2.0:pom", $"{_artifact}-parent/2.0/{_artifact}-parent-2.0.pom", parent);
        }

        // Basic credentials are sent only after the registry's 401 challenge.
        var basicSettings = await _m2.WriteSettingsAsync("basic", $"<server><id>registry</id><username>any</username><password>{SampleHostProcess.AdminToken}</password></server>");
        await ResolveAsync(basicSettings, project, $"{Group}:{_artifact}:1.0", $"{_artifact}/1.0/{_artifact}-1.0.jar", release);

        var anonymous = await _m2.WriteSettingsAsync("anonymous", string.Empty);
        _m2.Forget(GroupPath);
        var refused = await _m2.RunAsync(anonymous, strictChecksums: true, $"{MavenLocalRepository.DependencyPlugin}:get", $"-Dartifact={Group}:{_artifact}:1.0", $"-DremoteRepositories=registry::default::{project}", "-Dtransitive=false");
        refused.ExitCode.Should().NotBe(0);
        (refused.StdOut + refused.StdErr).Should().Contain("401");
    }

    [ClientFact("mvn")]
    public async Task Mvn_resolves_anonymously_from_a_public_project_at_every_level()
    {
        await using var directory = new RegistryDirectory(_host.DataPath);
        var groupPath = "oss" + Guid.NewGuid().ToString("N")[..6];
        var group = await directory.Administration.TryCreateGroupAsync(groupPath, groupPath, null, ProjectVisibility.Public, default) ?? throw new InvalidOperationException("group exists");
        var open = await directory.Administration.TryCreateProjectAsync("tools", "tools", group.Id, ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled, default) ?? throw new InvalidOperationException("project exists");
        var project = ProjectUrl(open.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deploySettings = await _m2.WriteSettingsAsync("deploy-admin", Header("Private-Token", SampleHostProcess.AdminToken));
        var jar = await FileAsync("open.jar", "open source");
        await DeployAsync(deploySettings, project, "-Dfile=" + jar, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=3.0", "-Dpackaging=jar");

        var anonymous = await _m2.WriteSettingsAsync("anonymous", string.Empty);
        foreach (var url in new[] { project, $"{_host.BaseUrl}/api/v4/groups/{groupPath}/-/packages/maven", $"{_host.BaseUrl}/api/v4/packages/maven" })
        {
            await ResolveAsync(anonymous, url, $"{Group}:{_artifact}:3.0", $"{_artifact}/3.0/{_artifact}-3.0.jar", jar);
        }
    }

    private static string Header(string name, string value) =>
        $"<server><id>registry</id><configuration><httpHeaders><property><name>{name}</name><value>{value}</value></property></httpHeaders></configuration></server>";

    private async Task<string> FileAsync(string name, string content)
    {
        var path = Path.Combine(_m2.Root, _artifact + "-" + name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private async Task DeployAsync(string settings, string url, params string[] arguments)
    {
        var run = await _m2.RunAsync(settings, strictChecksums: true, [$"{MavenLocalRepository.DeployPlugin}:deploy-file", "-DrepositoryId=registry", "-Durl=" + url, .. arguments]);
        run.ExitCode.Should().Be(0, run.StdOut + run.StdErr + _host.Output);
    }

    private async Task ResolveAsync(string settings, string url, string artifact, string localPath, string expectedFile)
    {
        _m2.Forget(GroupPath);
        var run = await _m2.RunAsync(settings, strictChecksums: true, $"{MavenLocalRepository.DependencyPlugin}:get", "-Dartifact=" + artifact, $"-DremoteRepositories=registry::default::{url}", "-Dtransitive=false");
        run.ExitCode.Should().Be(0, $"{artifact} from {url}:\n{run.StdOut}{run.StdErr}");
        var resolved = Path.Combine(_m2.Path, GroupPath, localPath);
        File.Exists(resolved).Should().BeTrue($"{artifact} from {url} should be at {resolved}");
        (await File.ReadAllBytesAsync(resolved)).Should().Equal(await File.ReadAllBytesAsync(expectedFile));
    }

    private static async Task<string> GetTextAsync(string url)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Private-Token", SampleHostProcess.AdminToken);
        using var response = await http.SendAsync(request);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
    }
}
