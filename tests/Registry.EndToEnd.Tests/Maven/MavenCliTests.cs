using System.Text;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Maven;

/// <summary>
/// The real <c>mvn</c> (Debian's Maven with maven-deploy-plugin 3.0.0 and maven-dependency-plugin 3.5.0) against the
/// sample host process: <c>deploy:deploy-file</c> of a release, a SNAPSHOT twice, a classifier artifact and a pom-only
/// artifact, then <c>dependency:get</c> of each from the project, group and instance levels with <c>-C</c>, so every
/// checksum the registry serves (files and generated metadata) is verified. Credentials come from settings.xml:
/// GitLab's <c>Deploy-Token</c> / <c>Job-Token</c> / <c>Private-Token</c> headers, Basic after the 401 challenge, or none
/// for a public project. Users, projects and tokens are made through the host's directory API, as a GitLab script would.
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
    public async Task Mvn_deploys_and_resolves_from_every_level_with_deploy_job_and_personal_tokens()
    {
        using var api = new DirectoryApi(_host);
        var (_, userId, personal) = await api.CreateDeveloperAsync("demo/app");
        var (deployName, deploy) = await api.CreateDeployTokenAsync("demo/app");
        var job = await api.StartJobAsync("demo/app", userId);
        var deploySettings = await _m2.WriteSettingsAsync("deploy", Header("Deploy-Token", deploy));
        var jobSettings = await _m2.WriteSettingsAsync("job", Header("Job-Token", job));
        var personalSettings = await _m2.WriteSettingsAsync("personal", Header("Private-Token", personal));
        var project = ProjectUrl("demo/app");

        // Each token kind deploys something, in the headers settings.xml gives mvn for GitLab.
        var release = await FileAsync("release.jar", "release 1.0");
        await DeployAsync(deploySettings, project, "-Dfile=" + release, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.0", "-Dpackaging=jar");
        var snapshot1 = await FileAsync("snapshot1.jar", "snapshot build one");
        await DeployAsync(jobSettings, project, "-Dfile=" + snapshot1, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.1-SNAPSHOT", "-Dpackaging=jar");
        var snapshot2 = await FileAsync("snapshot2.jar", "snapshot build two");
        await DeployAsync(personalSettings, project, "-Dfile=" + snapshot2, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.1-SNAPSHOT", "-Dpackaging=jar");
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
        await DeployAsync(jobSettings, project, "-Dfile=" + parent, "-DpomFile=" + parent);

        var metadata = await GetTextAsync($"{project}/{GroupPath}/{_artifact}/1.1-SNAPSHOT/maven-metadata.xml");
        metadata.Should().Contain("<buildNumber>2</buildNumber>", "two SNAPSHOT deploys make two timestamped builds");

        // One token kind per level, so that every kind resolves without more mvn runs than levels need.
        foreach (var (settings, url) in new[]
        {
            (jobSettings, project),
            (deploySettings, $"{_host.BaseUrl}/api/v4/groups/demo/-/packages/maven"),
            (personalSettings, $"{_host.BaseUrl}/api/v4/packages/maven"),
        })
        {
            await ResolveAsync(settings, url, $"{Group}:{_artifact}:1.0", $"{_artifact}/1.0/{_artifact}-1.0.jar", release);
            await ResolveAsync(settings, url, $"{Group}:{_artifact}:1.1-SNAPSHOT", $"{_artifact}/1.1-SNAPSHOT/{_artifact}-1.1-SNAPSHOT.jar", snapshot2);
            await ResolveAsync(settings, url, $"{Group}:{_artifact}:1.0:jar:sources", $"{_artifact}/1.0/{_artifact}-1.0-sources.jar", sources);
            await ResolveAsync(settings, url, $"{Group}:{_artifact}-parent:2.0:pom", $"{_artifact}-parent/2.0/{_artifact}-parent-2.0.pom", parent);
        }

        // Basic credentials (the deploy token's username and token) are sent only after the registry's 401 challenge.
        var basicSettings = await _m2.WriteSettingsAsync("basic", $"<server><id>registry</id><username>{deployName}</username><password>{deploy}</password></server>");
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
        using var api = new DirectoryApi(_host);
        var groupPath = "oss" + Guid.NewGuid().ToString("N")[..6];
        var projectId = await api.ProjectIdAsync(await api.CreatePublicProjectAsync(groupPath));
        var project = ProjectUrl(projectId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var deploySettings = await _m2.WriteSettingsAsync("deploy-admin", Header("Private-Token", SampleHostProcess.AdminToken));
        var jar = await FileAsync("open.jar", "open source");
        await DeployAsync(deploySettings, project, "-Dfile=" + jar, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=3.0", "-Dpackaging=jar");

        var anonymous = await _m2.WriteSettingsAsync("anonymous", string.Empty);
        foreach (var url in new[] { project, $"{_host.BaseUrl}/api/v4/groups/{groupPath}/-/packages/maven", $"{_host.BaseUrl}/api/v4/packages/maven" })
        {
            await ResolveAsync(anonymous, url, $"{Group}:{_artifact}:3.0", $"{_artifact}/3.0/{_artifact}-3.0.jar", jar);
        }
    }

    [ClientFact("mvn")]
    public async Task A_protection_rule_refuses_a_developers_deploy_and_mvn_shows_why()
    {
        using var api = new DirectoryApi(_host);
        var (_, _, developer) = await api.CreateDeveloperAsync("demo/app");
        await api.ProtectAsync("demo/app", "maven", $"{Group.Replace('.', '/')}/{_artifact}*", push: "maintainer");
        var settings = await _m2.WriteSettingsAsync("protected-developer", Header("Private-Token", developer));
        var jar = await FileAsync("protected.jar", "protected 1.0");

        var refused = await _m2.RunAsync(settings, strictChecksums: true, [$"{MavenLocalRepository.DeployPlugin}:deploy-file", "-DrepositoryId=registry", "-Durl=" + ProjectUrl("demo/app"), "-Dfile=" + jar, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.0", "-Dpackaging=jar"]);

        refused.ExitCode.Should().NotBe(0);
        (refused.StdOut + refused.StdErr).Should().Contain("403").And.Contain("Package protected.", "mvn prints the reason phrase");
        var admin = await _m2.WriteSettingsAsync("protected-admin", Header("Private-Token", SampleHostProcess.AdminToken));
        await DeployAsync(admin, ProjectUrl("demo/app"), "-Dfile=" + jar, $"-DgroupId={Group}", $"-DartifactId={_artifact}", "-Dversion=1.0", "-Dpackaging=jar");
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
