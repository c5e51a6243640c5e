using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Maven;

/// <summary>
/// A temporary Maven local repository with the deploy and dependency plugins already in it, taken from Debian's
/// <c>/usr/share/maven-repo</c> (mirrored as <c>central</c>, so nothing leaves the machine). That file repository has no
/// checksum files, so the plugins are fetched once without <c>-C</c>; every run against the registry then uses
/// <c>-C</c> and checks every checksum the registry serves.
/// </summary>
public sealed class MavenLocalRepository : IAsyncLifetime
{
    public const string DeployPlugin = "org.apache.maven.plugins:maven-deploy-plugin:3.0.0";
    public const string DependencyPlugin = "org.apache.maven.plugins:maven-dependency-plugin:3.5.0";

    public string Root { get; } = Directory.CreateTempSubdirectory("registry-m2-").FullName;

    public string Path => System.IO.Path.Combine(Root, "repository");

    public string WorkDirectory => System.IO.Path.Combine(Root, "work");

    public async Task InitializeAsync()
    {
        // Maven reads .mvn/jvm.config from the directory it runs in: a client JVM that does not optimize hard starts in half the CPU time.
        Directory.CreateDirectory(System.IO.Path.Combine(WorkDirectory, ".mvn"));
        await File.WriteAllTextAsync(System.IO.Path.Combine(WorkDirectory, ".mvn", "jvm.config"), "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC\n");
        if (ExternalTool.FindOrNull("mvn") is null)
        {
            return;
        }

        var settings = await WriteSettingsAsync("warm-up", server: string.Empty);
        foreach (var plugin in new[] { DeployPlugin, DependencyPlugin })
        {
            var run = await RunAsync(settings, strictChecksums: false, $"{plugin}:help");
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"mvn could not load {plugin} from /usr/share/maven-repo (install libmaven-deploy-plugin-java and libmaven-dependency-plugin-java):\n{run.StdOut}{run.StdErr}");
            }
        }
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }

        return Task.CompletedTask;
    }

    /// <summary>Writes a settings.xml that mirrors central to Debian's repository, with an optional <c>&lt;server&gt;</c> entry.</summary>
    public async Task<string> WriteSettingsAsync(string name, string server)
    {
        var path = System.IO.Path.Combine(Root, name + "-settings.xml");
        await File.WriteAllTextAsync(path, $"""
            <settings>
              <mirrors>
                <mirror><id>debian</id><mirrorOf>central</mirrorOf><url>file:///usr/share/maven-repo</url></mirror>
              </mirrors>
              <servers>{server}</servers>
            </settings>
            """);
        return path;
    }

    /// <summary>Runs mvn in batch mode with this local repository; <c>-C</c> (fail on any checksum mismatch) unless told otherwise.</summary>
    public Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(string settings, bool strictChecksums, params string[] arguments)
    {
        string[] common = ["-B", "-ntp", "-s", settings, "-Dmaven.repo.local=" + Path];
        return ExternalTool.RunAsync("mvn", [.. common, .. strictChecksums ? ["-C"] : Array.Empty<string>(), .. arguments], WorkDirectory, TimeSpan.FromMinutes(3));
    }

    /// <summary>Forgets everything resolved under a groupId, so the next resolution downloads again.</summary>
    public void Forget(string groupPath)
    {
        var dir = System.IO.Path.Combine(Path, groupPath);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
