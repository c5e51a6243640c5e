using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Scripts;

/// <summary>
/// A script that speaks only GitLab's API v4 (<c>gitlab-api.sh</c> beside this file) runs unchanged against the sample:
/// the proof that CI scripts written for GitLab keep working when pointed at a host that embeds the SDK.
/// </summary>
public sealed class GitLabApiScriptTests(SampleHostProcess host) : IClassFixture<SampleHostProcess>
{
    [ClientFact("bash", "curl", "python3")]
    public async Task The_GitLab_only_script_passes_against_the_sample()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "gitlab-api.sh");
        var environment = new Dictionary<string, string>
        {
            ["GITLAB_URL"] = host.BaseUrl,
            ["GITLAB_TOKEN"] = SampleHostProcess.AdminToken,
        };

        var result = await ExternalTool.RunAsync("bash", [script], environment: environment, timeout: TimeSpan.FromMinutes(3));

        result.ExitCode.Should().Be(0, result.StdOut + result.StdErr + host.Output);
        result.StdOut.Should().Contain("gitlab-api script: all steps passed");
    }
}
