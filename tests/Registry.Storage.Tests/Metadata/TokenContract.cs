using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Storage.Tests.Metadata;

/// <summary>The contract every metadata database meets; run once per provider by the concrete subclasses.</summary>
public abstract class TokenContract : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private User _admin = null!;
    private User _dev = null!;
    private Group _group = null!;
    private Project _project = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(Provider);
        _admin = (await _db.Directory.TryCreateUserAsync("root", "Administrator", true, default))!;
        _dev = (await _db.Directory.TryCreateUserAsync("dev", "Developer", false, default))!;
        _group = (await _db.Directory.TryCreateGroupAsync("Demo", "demo", null, ProjectVisibility.Private, default))!;
        _project = (await _db.Directory.TryCreateProjectAsync("App", "app", _group.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled, default))!;
    }

    /// <summary>The database the suite runs against.</summary>
    protected abstract MetadataProvider Provider { get; }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [ContractFact]
    public async Task A_personal_access_token_validates_to_its_user()
    {
        var issued = await _db.Directory.CreatePersonalAccessTokenAsync(_admin.Id, "ci", TokenScopes.Api | TokenScopes.ReadPackageRegistry, null, null, default);

        issued.Token.Should().StartWith("glpat-").And.HaveLength(6 + 43);
        var principal = await _db.Directory.ValidateOrNullAsync(issued.Token, default);
        principal.Should().BeEquivalentTo(new RegistryPrincipal
        {
            Kind = PrincipalKind.User,
            UserId = _admin.Id,
            DisplayName = "root",
            IsAdmin = true,
            Scopes = TokenScopes.Api | TokenScopes.ReadPackageRegistry,
            TokenId = issued.Id,
        });
    }

    [ContractFact]
    public async Task Project_and_group_deploy_tokens_validate_to_deploy_principals()
    {
        var forProject = await _db.Directory.CreateDeployTokenAsync(_project.Id, null, "deployer", TokenScopes.ReadPackageRegistry, null, default);
        var forGroup = await _db.Directory.CreateDeployTokenAsync(null, _group.Id, "group-deployer", TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry, null, default);

        forProject.Token.Should().StartWith("gldt-");
        (await _db.Directory.ValidateOrNullAsync(forProject.Token, default)).Should().BeEquivalentTo(new RegistryPrincipal
        {
            Kind = PrincipalKind.DeployToken,
            DisplayName = "deployer",
            Scopes = TokenScopes.ReadPackageRegistry,
            DeployTokenProjectId = _project.Id,
        });
        (await _db.Directory.ValidateOrNullAsync(forGroup.Token, default)).Should().BeEquivalentTo(new RegistryPrincipal
        {
            Kind = PrincipalKind.DeployToken,
            DisplayName = "group-deployer",
            Scopes = TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry,
            DeployTokenGroupId = _group.Id,
        });
    }

    [ContractTheory]
    [InlineData(TokenScopes.Api)]
    [InlineData(TokenScopes.ReadApi | TokenScopes.ReadPackageRegistry)]
    [InlineData(TokenScopes.None)]
    public async Task Deploy_tokens_refuse_scopes_beyond_the_package_registry(TokenScopes scopes)
    {
        var act = () => _db.Directory.CreateDeployTokenAsync(_project.Id, null, "bad", scopes, null, default);

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [ContractFact]
    public async Task A_deploy_token_belongs_to_exactly_one_project_or_group()
    {
        var both = () => _db.Directory.CreateDeployTokenAsync(_project.Id, _group.Id, "x", TokenScopes.ReadPackageRegistry, null, default);
        var neither = () => _db.Directory.CreateDeployTokenAsync(null, null, "x", TokenScopes.ReadPackageRegistry, null, default);
        var missing = () => _db.Directory.CreateDeployTokenAsync(999, null, "x", TokenScopes.ReadPackageRegistry, null, default);

        await both.Should().ThrowAsync<ArgumentException>();
        await neither.Should().ThrowAsync<ArgumentException>();
        await missing.Should().ThrowAsync<ArgumentException>();
    }

    [ContractFact]
    public async Task A_job_token_acts_as_the_jobs_user_until_the_job_finishes()
    {
        var job = await _db.Directory.StartJobAsync(_project.Id, _dev.Id, 77, "main", "abc123", default);

        job.Token.Should().StartWith("glcbt-");
        (await _db.Directory.ValidateOrNullAsync(job.Token, default)).Should().BeEquivalentTo(new RegistryPrincipal
        {
            Kind = PrincipalKind.JobToken,
            UserId = _dev.Id,
            DisplayName = "dev",
            IsAdmin = false,
            Scopes = TokenScopes.Api,
            Job = new JobContext(job.Id, _project.Id, 77, "main", "abc123"),
        });

        (await _db.Directory.FinishJobAsync(job.Id, default)).Should().BeTrue();
        (await _db.Directory.FinishJobAsync(job.Id, default)).Should().BeFalse();
        (await _db.Directory.ValidateOrNullAsync(job.Token, default)).Should().BeNull();
    }

    [ContractFact]
    public async Task Expired_tokens_validate_to_null()
    {
        var expiry = TestDatabase.Start.AddDays(1);
        var pat = await _db.Directory.CreatePersonalAccessTokenAsync(_dev.Id, "short", TokenScopes.ReadApi, expiry, null, default);
        var deploy = await _db.Directory.CreateDeployTokenAsync(_project.Id, null, "short", TokenScopes.ReadPackageRegistry, expiry, default);

        _db.Time.Now = expiry.AddMilliseconds(-1);
        (await _db.Directory.ValidateOrNullAsync(pat.Token, default)).Should().NotBeNull();
        (await _db.Directory.ValidateOrNullAsync(deploy.Token, default)).Should().NotBeNull();

        _db.Time.Now = expiry;
        (await _db.Directory.ValidateOrNullAsync(pat.Token, default)).Should().BeNull();
        (await _db.Directory.ValidateOrNullAsync(deploy.Token, default)).Should().BeNull();
    }

    [ContractFact]
    public async Task Revoked_tokens_of_every_kind_validate_to_null_and_ids_never_collide()
    {
        var pat = await _db.Directory.CreatePersonalAccessTokenAsync(_dev.Id, "p", TokenScopes.Api, null, null, default);
        var deploy = await _db.Directory.CreateDeployTokenAsync(_project.Id, null, "d", TokenScopes.ReadPackageRegistry, null, default);
        var job = await _db.Directory.StartJobAsync(_project.Id, _dev.Id, null, null, null, default);
        new[] { pat.Id, deploy.Id, job.Id }.Should().OnlyHaveUniqueItems();

        (await _db.Directory.RevokeTokenAsync(deploy.Id, default)).Should().BeTrue();
        (await _db.Directory.ValidateOrNullAsync(deploy.Token, default)).Should().BeNull();
        (await _db.Directory.ValidateOrNullAsync(pat.Token, default)).Should().NotBeNull("revoking one token leaves the others");
        (await _db.Directory.ValidateOrNullAsync(job.Token, default)).Should().NotBeNull();

        (await _db.Directory.RevokeTokenAsync(pat.Id, default)).Should().BeTrue();
        (await _db.Directory.RevokeTokenAsync(job.Id, default)).Should().BeTrue();
        (await _db.Directory.ValidateOrNullAsync(pat.Token, default)).Should().BeNull();
        (await _db.Directory.ValidateOrNullAsync(job.Token, default)).Should().BeNull();
        (await _db.Directory.RevokeTokenAsync(999_999, default)).Should().BeFalse();
    }

    [ContractTheory]
    [InlineData("")]
    [InlineData("glpat-unknown")]
    [InlineData("not a token at all")]
    public async Task Unknown_tokens_validate_to_null(string token)
    {
        (await _db.Directory.ValidateOrNullAsync(token, default)).Should().BeNull();
    }

    [ContractFact]
    public async Task A_preset_token_is_idempotent_for_its_user_and_refused_for_another()
    {
        const string Preset = "glpat-configured-admin-token-0123456789";

        var first = await _db.Directory.CreatePersonalAccessTokenAsync(_admin.Id, "bootstrap", TokenScopes.Api, null, Preset, default);
        var second = await _db.Directory.CreatePersonalAccessTokenAsync(_admin.Id, "bootstrap", TokenScopes.Api | TokenScopes.ReadApi, null, Preset, default);

        second.Should().Be(new IssuedToken(first.Id, Preset, null));
        (await _db.Directory.ValidateOrNullAsync(Preset, default))!.Scopes.Should().Be(TokenScopes.Api | TokenScopes.ReadApi);
        var forOther = () => _db.Directory.CreatePersonalAccessTokenAsync(_dev.Id, "steal", TokenScopes.Api, null, Preset, default);
        await forOther.Should().ThrowAsync<InvalidOperationException>();
    }

    [ContractFact]
    public async Task A_revoked_preset_token_stays_revoked_across_restarts()
    {
        const string Preset = "glpat-configured-admin-token-0123456789";
        var issued = await _db.Directory.CreatePersonalAccessTokenAsync(_admin.Id, "bootstrap", TokenScopes.Api, null, Preset, default);
        await _db.Directory.RevokeTokenAsync(issued.Id, default);

        await _db.Directory.CreatePersonalAccessTokenAsync(_admin.Id, "bootstrap", TokenScopes.Api, null, Preset, default);

        (await _db.Directory.ValidateOrNullAsync(Preset, default)).Should().BeNull();
    }

    [ContractFact]
    public async Task Only_hashes_of_tokens_are_stored()
    {
        var pat = await _db.Directory.CreatePersonalAccessTokenAsync(_dev.Id, "p", TokenScopes.Api, null, null, default);
        var deploy = await _db.Directory.CreateDeployTokenAsync(_project.Id, null, "d", TokenScopes.ReadPackageRegistry, null, default);
        var job = await _db.Directory.StartJobAsync(_project.Id, _dev.Id, null, null, null, default);

        await using var connection = await _db.Database.OpenAsync(default);
        var stored = new List<string>();
        foreach (var table in new[] { "personal_access_tokens", "deploy_tokens", "ci_jobs" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT token_sha256 FROM " + table;
            stored.Add((string)(await command.ExecuteScalarAsync())!);
        }

        stored.Should().AllSatisfy(s => s.Should().MatchRegex("^[0-9a-f]{64}$"));
        stored.Should().NotContain([pat.Token, deploy.Token, job.Token]);
    }

    [ContractFact]
    public async Task Personal_access_tokens_need_a_known_user_and_a_scope()
    {
        var noUser = () => _db.Directory.CreatePersonalAccessTokenAsync(999, "x", TokenScopes.Api, null, null, default);
        var noScope = () => _db.Directory.CreatePersonalAccessTokenAsync(_dev.Id, "x", TokenScopes.None, null, null, default);

        await noUser.Should().ThrowAsync<ArgumentException>();
        await noScope.Should().ThrowAsync<ArgumentException>();
    }
}
