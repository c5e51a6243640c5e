using System.Text.Json;
using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Adoption;

/// <summary>
/// The SDK's packages as a team receives them: every project under <c>src/</c> packed once per test run (Release, a
/// fixed prerelease version, build output in a directory of its own so the repository's <c>bin</c>/<c>obj</c> stay
/// untouched) into a local feed. Packing starts at the first test that asks, so skipped tests cost nothing.
/// </summary>
public sealed class PackedSdk : IAsyncLifetime
{
    /// <summary>The version every package gets: fixed, so a restore is deterministic (the consumer's package cache is private to the test).</summary>
    public const string Version = "0.0.0-e2e.1";

    private readonly string _work = Directory.CreateTempSubdirectory("registry-pack-").FullName;
    private readonly Lazy<Task> _pack;

    public PackedSdk() => _pack = new Lazy<Task>(PackAsync);

    /// <summary>The local feed directory holding the <c>.nupkg</c> and <c>.snupkg</c> files.</summary>
    public string Feed => Path.Combine(_work, "feed");

    /// <summary>The shipped projects by name (one folder under <c>src/</c> each, named as its package).</summary>
    public static IReadOnlyList<string> Projects { get; } = [.. Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src"))
        .Select(Path.GetFileName)
        .OfType<string>()
        .Where(name => File.Exists(ProjectFile(name)))
        .Order(StringComparer.Ordinal)];

    /// <summary>Settings for every dotnet invocation: no first-run banner, no telemetry.</summary>
    public static IReadOnlyDictionary<string, string> DotnetEnvironment { get; } = new Dictionary<string, string>
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    public static string ProjectFile(string name) => Path.Combine(RepositoryRoot.Path, "src", name, name + ".csproj");

    /// <summary>Packs the SDK the first time it is called; later calls wait for that one pack.</summary>
    public Task EnsurePackedAsync() => _pack.Value;

    public string Package(string name) => Path.Combine(Feed, $"{name}.{Version}.nupkg");

    public string Symbols(string name) => Path.Combine(Feed, $"{name}.{Version}.snupkg");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }

        return Task.CompletedTask;
    }

    private async Task PackAsync()
    {
        // A solution filter of the src/ projects: the solution's test and sample projects are not packed (nor built).
        var filter = Path.Combine(_work, "sdk.slnf");
        var projects = Projects.Select(name => Path.GetRelativePath(RepositoryRoot.Path, ProjectFile(name))).ToArray();
        await File.WriteAllTextAsync(filter, JsonSerializer.Serialize(new { solution = new { path = Path.Combine(RepositoryRoot.Path, "Registry.Sdk.sln"), projects } }));

        // No build servers: the test leaves no MSBuild node or compiler server running behind it.
        var (exit, stdout, stderr) = await ExternalTool.RunAsync(
            "dotnet",
            ["pack", filter, "-c", "Release", "-o", Feed, "-p:Version=" + Version, "--artifacts-path", Path.Combine(_work, "artifacts"), "--disable-build-servers"],
            _work,
            TimeSpan.FromMinutes(20),
            DotnetEnvironment);
        exit.Should().Be(0, $"dotnet pack failed:\n{stdout}\n{stderr}");
    }
}
