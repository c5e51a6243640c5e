using Registry.EndToEnd.Tests.Infrastructure;

namespace Registry.EndToEnd.Tests.Composer;

/// <summary>
/// The real <c>composer</c> (Debian's, with <c>unzip</c> and <c>php-cli</c>) against the sample host process, reading
/// the group repository GitLab documents (<c>/api/v4/group/{id}/-/packages/composer/</c>): <c>composer require</c>,
/// <c>composer install</c> from the lock in a fresh directory, and <c>composer update</c> picking a newly published
/// version within the constraint, with a personal token (http-basic and GitLab's gitlab-token form), a deploy token, a
/// CI job token, and anonymously on a public group; without a credential on a private group composer is refused.
/// Packages are built with <c>composer archive --format=zip</c> and uploaded with the registry's upload routes.
/// </summary>
public sealed class ComposerCliTests(SampleHostProcess host) : IClassFixture<SampleHostProcess>, IDisposable
{
    private readonly ComposerWorkspace _workspace = new(host);
    private readonly string _vendor = "e2e" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _workspace.Dispose();

    [ClientFact("composer", "unzip", "php")]
    public async Task Require_install_from_the_lock_and_update_within_the_constraint_with_a_personal_token()
    {
        using var api = new DirectoryApi(host);
        var (username, _, token) = await api.CreateDeveloperAsync("demo/app");
        var package = _vendor + "/lib";
        await _workspace.UploadAsync("demo/app", await _workspace.ArchiveAsync(package, "1.0.0"), "1.0.0", "PRIVATE-TOKEN", token);

        var app = await _workspace.ApplicationAsync("app", "demo");
        await _workspace.HttpBasicAsync(app, username, token);
        var require = await _workspace.RunAsync(app, "require", package + ":^1.0");
        require.ExitCode.Should().Be(0, require.Output + host.Output);
        ComposerWorkspace.InstalledVersion(app, package).Should().Be("1.0.0");

        // A fresh checkout installs exactly what the lock pins.
        var fresh = Directory.CreateDirectory(Path.Combine(_workspace.Root, "fresh")).FullName;
        foreach (var file in new[] { "composer.json", "composer.lock", "auth.json" })
        {
            File.Copy(Path.Combine(app, file), Path.Combine(fresh, file));
        }

        var install = await _workspace.RunAsync(fresh, "install");
        install.ExitCode.Should().Be(0, install.Output + host.Output);
        ComposerWorkspace.InstalledVersion(fresh, package).Should().Be("1.0.0");

        // 1.1.0 (GitLab's form, tag v1.1.0) is within ^1.0; 2.0.0 is not.
        await _workspace.UploadFormAsync("demo/app", await _workspace.ArchiveAsync(package, "1.1.0"), "v1.1.0", username, token);
        await _workspace.UploadAsync("demo/app", await _workspace.ArchiveAsync(package, "2.0.0"), "2.0.0", "PRIVATE-TOKEN", token);
        var update = await _workspace.RunAsync(app, "update", package);
        update.ExitCode.Should().Be(0, update.Output + host.Output);
        ComposerWorkspace.LockedVersion(app, package).Should().Be("1.1.0");
        ComposerWorkspace.InstalledVersion(app, package).Should().Be("1.1.0");
    }

    [ClientFact("composer", "unzip", "php")]
    public async Task The_gitlab_token_form_sends_the_token_as_private_token()
    {
        using var api = new DirectoryApi(host);
        var (_, _, token) = await api.CreateDeveloperAsync("demo/app");
        var package = _vendor + "/tokened";
        await _workspace.UploadAsync("demo/app", await _workspace.ArchiveAsync(package, "0.3.0"), "0.3.0", "PRIVATE-TOKEN", token);

        var app = await _workspace.ApplicationAsync("gitlab-token", "demo");
        var domain = $"127.0.0.1:{host.Port}";
        (await _workspace.RunAsync(app, "config", "gitlab-domains", domain)).ExitCode.Should().Be(0);
        (await _workspace.RunAsync(app, "config", "--auth", "gitlab-token." + domain, token)).ExitCode.Should().Be(0);
        var require = await _workspace.RunAsync(app, "require", package + ":^0.3");
        require.ExitCode.Should().Be(0, require.Output + host.Output);
        ComposerWorkspace.InstalledVersion(app, package).Should().Be("0.3.0");
    }

    [ClientFact("composer", "unzip", "php")]
    public async Task Deploy_and_job_tokens_publish_and_install()
    {
        using var api = new DirectoryApi(host);
        var (deployName, deploy) = await api.CreateDeployTokenAsync("demo/app");
        var (_, userId, _) = await api.CreateDeveloperAsync("demo/app");
        var job = await api.StartJobAsync("demo/app", userId);
        foreach (var (header, user, token) in new[] { ("DEPLOY-TOKEN", deployName, deploy), ("JOB-TOKEN", "gitlab-ci-token", job) })
        {
            var package = $"{_vendor}/{header.ToLowerInvariant()}";
            await _workspace.UploadAsync("demo/app", await _workspace.ArchiveAsync(package, "1.0.0"), "1.0.0", header, token);

            var app = await _workspace.ApplicationAsync("app-" + header.ToLowerInvariant(), "demo");
            await _workspace.HttpBasicAsync(app, user, token);
            var require = await _workspace.RunAsync(app, "require", package + ":^1.0");
            require.ExitCode.Should().Be(0, header + require.Output + host.Output);
            ComposerWorkspace.InstalledVersion(app, package).Should().Be("1.0.0");
        }
    }

    [ClientFact("composer", "unzip", "php")]
    public async Task Anonymous_installs_from_a_public_group_and_is_refused_on_a_private_one()
    {
        var group = "composer-public-" + _vendor;
        using var api = new DirectoryApi(host);
        var project = await api.CreatePublicProjectAsync(group);
        var package = _vendor + "/open";
        await _workspace.UploadAsync(project, await _workspace.ArchiveAsync(package, "1.2.0"), "1.2.0", "PRIVATE-TOKEN", SampleHostProcess.AdminToken);

        var open = await _workspace.ApplicationAsync("open", group);
        var require = await _workspace.RunAsync(open, "require", package + ":^1.2");
        require.ExitCode.Should().Be(0, require.Output + host.Output);
        ComposerWorkspace.InstalledVersion(open, package).Should().Be("1.2.0");

        await _workspace.UploadAsync("demo/app", await _workspace.ArchiveAsync(_vendor + "/closed", "1.0.0"), "1.0.0", "PRIVATE-TOKEN", SampleHostProcess.AdminToken);
        var closed = await _workspace.ApplicationAsync("closed", "demo");
        var refused = await _workspace.RunAsync(closed, "require", _vendor + "/closed:^1.0");
        refused.ExitCode.Should().NotBe(0);
        refused.Output.Should().Contain("authentication", "composer reports the 401 and, without interaction, cannot ask for a credential");
        Directory.Exists(Path.Combine(closed, "vendor", _vendor, "closed")).Should().BeFalse();
    }
}
