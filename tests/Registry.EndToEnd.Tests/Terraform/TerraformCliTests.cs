using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Terraform;

/// <summary>
/// terraform (1.11) installs modules published with curl as GitLab's docs show, from the sample host over HTTPS on a
/// loopback port: version constraints, <c>init -upgrade</c>, submodules, and every credential GitLab documents, sent
/// through a <c>credentials "127.0.0.1:PORT"</c> block. The archive itself is fetched through its signed address with
/// no credential, as terraform fetches it.
/// </summary>
public sealed class TerraformCliTests : IClassFixture<TerraformCliTests.Host>, IDisposable
{
    private const string Project = "demo/app";
    private readonly Host _host;
    private readonly TerraformWorkspace _terraform;

    public TerraformCliTests(Host host)
    {
        _host = host;
        _terraform = new TerraformWorkspace(host);
    }

    public void Dispose() => _terraform.Dispose();

    [ClientFact("terraform", "curl", "tar")]
    public async Task Init_honours_a_version_constraint_and_init_upgrade_takes_a_newer_version()
    {
        var name = UniqueName();
        await _terraform.PublishAsync(Project, name, "local", "1.0.0", SampleHostProcess.AdminToken);
        await _terraform.PublishAsync(Project, name, "local", "2.0.0", SampleHostProcess.AdminToken);
        _terraform.UseCredentialsBlock(SampleHostProcess.AdminToken);
        await _terraform.UseModuleAsync($"{_terraform.RegistryHost}/demo/{name}/local", "~> 1.0");

        var init = await _terraform.RunAsync("init");

        init.ExitCode.Should().Be(0, init.StdOut + init.StdErr + _host.Output);
        (await _terraform.InstalledVersionAsync()).Should().Be("1.0.0", "~> 1.0 excludes 2.0.0");
        (await _terraform.InstalledMainAsync()).Should().Contain($"{name} 1.0.0");

        await _terraform.PublishAsync(Project, name, "local", "1.1.0", SampleHostProcess.AdminToken);
        var again = await _terraform.RunAsync("init");
        again.ExitCode.Should().Be(0, again.StdErr);
        (await _terraform.InstalledVersionAsync()).Should().Be("1.0.0", "init keeps what it installed");

        var upgrade = await _terraform.RunAsync("init", "-upgrade");

        upgrade.ExitCode.Should().Be(0, upgrade.StdOut + upgrade.StdErr);
        (await _terraform.InstalledVersionAsync()).Should().Be("1.1.0");
        (await _terraform.InstalledMainAsync()).Should().Contain($"{name} 1.1.0");
        var apply = await _terraform.RunAsync("apply", "-auto-approve");
        apply.ExitCode.Should().Be(0, apply.StdErr);
        apply.StdOut.Should().Contain($"marker = \"{name} 1.1.0\"");
    }

    [ClientFact("terraform", "curl", "tar")]
    public async Task A_submodule_is_installed_from_the_modules_archive()
    {
        var name = UniqueName();
        await _terraform.PublishAsync(Project, name, "local", "1.0.0", SampleHostProcess.AdminToken);
        _terraform.UseCredentialsBlock(SampleHostProcess.AdminToken);
        await _terraform.UseModuleAsync($"{_terraform.RegistryHost}/demo/{name}/local//modules/x", "1.0.0");

        var init = await _terraform.RunAsync("init");

        init.ExitCode.Should().Be(0, init.StdOut + init.StdErr);
        (await _terraform.InstalledMainAsync()).Should().Contain("sub of 1.0.0");
    }

    [ClientFact("terraform", "curl", "tar")]
    public async Task A_deploy_token_publishes_and_installs()
    {
        using var directory = new DirectoryApi(_host);
        var (_, token) = await directory.CreateDeployTokenAsync(Project);
        var name = UniqueName();
        await _terraform.PublishAsync(Project, name, "local", "1.0.0", token, "DEPLOY-TOKEN");
        _terraform.UseCredentialsBlock(token);
        await _terraform.UseModuleAsync($"{_terraform.RegistryHost}/demo/{name}/local", "1.0.0");

        var init = await _terraform.RunAsync("init");

        init.ExitCode.Should().Be(0, init.StdOut + init.StdErr);
        (await _terraform.InstalledMainAsync()).Should().Contain($"{name} 1.0.0");
    }

    [ClientFact("terraform", "curl", "tar")]
    public async Task A_job_token_publishes_as_the_ci_template_does_and_installs()
    {
        using var directory = new DirectoryApi(_host);
        var (_, userId, _) = await directory.CreateDeveloperAsync(Project);
        var jobToken = await directory.StartJobAsync(Project, userId);
        var name = UniqueName();
        await _terraform.PublishAsync(Project, name, "local", "1.0.0", jobToken, "JOB-TOKEN");
        _terraform.UseCredentialsBlock(jobToken);
        await _terraform.UseModuleAsync($"{_terraform.RegistryHost}/demo/{name}/local", "1.0.0");

        var init = await _terraform.RunAsync("init");

        init.ExitCode.Should().Be(0, init.StdOut + init.StdErr);
        (await _terraform.InstalledMainAsync()).Should().Contain($"{name} 1.0.0");
    }

    [ClientFact("terraform", "curl", "tar")]
    public async Task A_wrong_token_is_refused_with_401_in_terraforms_message()
    {
        var name = UniqueName();
        await _terraform.PublishAsync(Project, name, "local", "1.0.0", SampleHostProcess.AdminToken);
        _terraform.UseCredentialsBlock("glpat-not-a-real-token-0000000000");
        await _terraform.UseModuleAsync($"{_terraform.RegistryHost}/demo/{name}/local", "1.0.0");

        var init = await _terraform.RunAsync("init");

        init.ExitCode.Should().NotBe(0);
        init.StdErr.Should().Contain("Error accessing remote module registry").And.Contain("401 Unauthorized");
        Directory.Exists(Path.Combine(_terraform.Work, ".terraform", "modules", "m")).Should().BeFalse();
    }

    [ClientFact("terraform", "curl", "tar")]
    public async Task A_private_module_without_credentials_is_refused_and_a_public_one_installs_anonymously()
    {
        using var directory = new DirectoryApi(_host);
        var group = "pub" + Guid.NewGuid().ToString("N")[..8];
        var publicProject = await directory.CreatePublicProjectAsync(group);
        var name = UniqueName();
        await _terraform.PublishAsync(publicProject, name, "local", "1.0.0", SampleHostProcess.AdminToken);
        await _terraform.PublishAsync(Project, name, "local", "1.0.0", SampleHostProcess.AdminToken);

        await _terraform.UseModuleAsync($"{_terraform.RegistryHost}/demo/{name}/local", "1.0.0");
        var refused = await _terraform.RunAsync("init");
        refused.ExitCode.Should().NotBe(0);
        refused.StdErr.Should().Contain("401 Unauthorized");

        await _terraform.UseModuleAsync($"{_terraform.RegistryHost}/{group}/{name}/local", "1.0.0");
        var init = await _terraform.RunAsync("init");

        init.ExitCode.Should().Be(0, init.StdOut + init.StdErr);
        (await _terraform.InstalledMainAsync()).Should().Contain($"{name} 1.0.0");
    }

    /// <summary>Module names are lowercase letters, digits and '-'; each test has its own, since the host is shared.</summary>
    private static string UniqueName() => "m" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>The sample host process serving HTTPS on a free loopback port.</summary>
    public sealed class Host : SampleHostProcess
    {
        public Host() => Https = true;
    }
}
