using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Scripts;

/// <summary>
/// A set-up script written with python-gitlab (<c>python-gitlab-setup.py</c> beside this file), the GitLab API client
/// that Debian packages, runs unchanged against the sample: users, groups, subgroups, projects, members, deploy and
/// personal tokens, generic packages listed and deleted, and the project, user and group deleted again.
/// </summary>
public sealed class PythonGitLabScriptTests(SampleHostProcess host) : IClassFixture<SampleHostProcess>
{
    [PythonModuleFact("gitlab", "requests")]
    public async Task The_python_gitlab_setup_script_passes_against_the_sample()
    {
        var python = ExternalTool.FindPythonWithOrNull("gitlab", "requests")
            ?? throw new InvalidOperationException("No python3 on PATH imports gitlab and requests: install python3-gitlab.");
        var script = Path.Combine(AppContext.BaseDirectory, "Scripts", "python-gitlab-setup.py");
        var environment = new Dictionary<string, string>
        {
            ["GITLAB_URL"] = host.BaseUrl,
            ["GITLAB_TOKEN"] = SampleHostProcess.AdminToken,
        };

        var result = await ExternalTool.RunAsync(python, [script], environment: environment, timeout: TimeSpan.FromMinutes(3));

        result.ExitCode.Should().Be(0, result.StdOut + result.StdErr + host.Output);
        result.StdOut.Should().Contain("python-gitlab script: all steps passed");
    }
}
