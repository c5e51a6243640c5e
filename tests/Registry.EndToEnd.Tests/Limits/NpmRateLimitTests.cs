using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Limits;

/// <summary>
/// The real npm against a rate-limited host reports the 429. npm retries a 429 by default (npm-registry-fetch's
/// <c>fetch-retries</c>, 2, with back-off), which within an hour-long window only delays the same answer, so the test
/// sets <c>fetch-retries=0</c>; a user with a short window would see npm succeed once the window passed.
/// </summary>
public sealed class NpmRateLimitTests : IClassFixture<RateLimitedHostProcess>, IDisposable
{
    private readonly RateLimitedHostProcess _host;
    private readonly string _work = Directory.CreateTempSubdirectory("registry-npm-limits-").FullName;

    public NpmRateLimitTests(RateLimitedHostProcess host) => _host = host;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [ClientFact("npm")]
    public async Task Npm_reports_429_once_a_caller_is_over_its_write_and_read_limits()
    {
        var registry = $"{_host.BaseUrl}/api/v4/projects/demo%2Fapp/packages/npm/";
        var npmrc = Path.Combine(_work, "npmrc");
        await File.WriteAllTextAsync(npmrc,
            $"registry={registry}\n{registry[registry.IndexOf("//", StringComparison.Ordinal)..]}:_authToken={SampleHostProcess.AdminToken}\n"
            + $"cache={Path.Combine(_work, "cache")}\nfetch-retries=0\naudit=false\nfund=false\nupdate-notifier=false\n");

        var first = await PublishAsync(npmrc, "1.0.0");
        first.ExitCode.Should().Be(0, $"the first write is within the limit:\n{first.StdErr}\n--- host ---\n{_host.Output}");
        var second = await PublishAsync(npmrc, "1.0.1");
        second.ExitCode.Should().NotBe(0);
        second.StdErr.Should().Contain("E429").And.Contain("Too Many Requests");

        // Reads have their own count (npm publish itself may read the packument first): npm view reports its end.
        (int ExitCode, string StdOut, string StdErr) view;
        var views = 0;
        do
        {
            view = await ExternalTool.RunAsync("npm", ["view", "limited-lib", "version", "--userconfig", npmrc], _work);
            views++;
        }
        while (view.ExitCode == 0 && views < 10);

        view.ExitCode.Should().NotBe(0);
        view.StdErr.Should().Contain("E429", $"npm view {views} failed with something else:\n{view.StdErr}");
        views.Should().BeLessThanOrEqualTo(4, "three reads are allowed");
    }

    private async Task<(int ExitCode, string StdOut, string StdErr)> PublishAsync(string npmrc, string version)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_work, version)).FullName;
        await File.WriteAllTextAsync(Path.Combine(dir, "package.json"), $"{{\"name\":\"limited-lib\",\"version\":\"{version}\"}}");
        await File.WriteAllTextAsync(Path.Combine(dir, "index.js"), "module.exports = 1;\n");
        return await ExternalTool.RunAsync("npm", ["publish", "--userconfig", npmrc], dir);
    }
}
