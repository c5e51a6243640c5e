using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Formats.Tests.Infrastructure;

namespace Registry.Formats.Tests.Authorization;

/// <summary>
/// One sample host seeded once for the whole matrix: a public parent group <c>acme</c> with a public subgroup
/// <c>acme/tools</c> holding one project per <see cref="AuthorizationMatrix.Targets"/> entry (each with a package
/// <c>seeded/1.0.0/seeded.txt</c>, and one package of each of <see cref="SeededFormats"/>), an unrelated group
/// <c>elsewhere</c> with two CI projects, and a token for every <see cref="AuthorizationMatrix.Callers"/> entry and project. A second host serves the same data with the instance
/// switch off (<c>PackageRegistry:Enabled=false</c>).
/// </summary>
public class AuthorizationMatrixHost : IAsyncLifetime
{
    public const string ParentGroup = "acme";
    public const string SeededName = "seeded";
    public const string SeededVersion = "1.0.0";
    public const string SeededFile = "seeded.txt";

    private static readonly AccessLevel[] Roles = [AccessLevel.Guest, AccessLevel.Reporter, AccessLevel.Developer, AccessLevel.Maintainer, AccessLevel.Owner];
    private readonly Dictionary<(string Caller, string Target), string> _tokens = [];
    private readonly Dictionary<string, Project> _projects = [];
    private readonly Dictionary<string, long> _seededPackages = [];
    private readonly Dictionary<(string Format, string Target), string> _seedFacts = [];
    private HttpClient? _enabled;
    private HttpClient? _disabled;

    /// <summary>The host that seeded the data and serves it with the registry enabled.</summary>
    // Terraform refuses a module name another project of the top-level group holds (GitLab's default); the cells publish
    // one name per caller into every project, so the matrix's group allows that, as a group setting would.
    public SampleHostFactory Host { get; } = new(new Dictionary<string, string?> { ["PackageRegistry:Terraform:DuplicatesAllowed"] = "true" });

    /// <summary>A client of the host with the registry enabled, or of the one over the same data with it disabled.</summary>
    public HttpClient Client(bool instanceEnabled) =>
        (instanceEnabled ? _enabled : _disabled) ?? throw new InvalidOperationException("The host is not seeded yet.");

    public Project Project(string target) => _projects[target];

    public long SeededPackageId(string target) => _seededPackages[target];

    /// <summary>The formats besides generic that each project gets a package of (none here: the generic cells need no more).</summary>
    protected virtual IReadOnlyList<MatrixFormat> SeededFormats => [];

    /// <summary>What reads of the format's package seeded in <paramref name="target"/> need to know (see <see cref="MatrixFormat.PublishAsAdminAsync"/>).</summary>
    public string SeedFact(string format, string target) => _seedFacts[(format, target)];

    /// <summary>The caller's token for requests to <paramref name="target"/>; null for the anonymous caller.</summary>
    public string? Token(string caller, string target) => _tokens.TryGetValue((caller, target), out var token) ? token : null;

    public async Task InitializeAsync()
    {
        _enabled = Host.CreateClient();
        await SeedAsync(_enabled).ConfigureAwait(false);
        _disabled = Host.WithWebHostBuilder(builder => builder.UseSetting("PackageRegistry:Enabled", "false")).CreateClient();
    }

    public Task DisposeAsync()
    {
        _enabled?.Dispose();
        _disabled?.Dispose();
        Host.Dispose(); // disposes the derived host too
        return Task.CompletedTask;
    }

    /// <summary>Publishes a generic file as the admin and returns its package id (for a deletion to delete).</summary>
    public Task<long> PublishAsAdminAsync(Project project, string name, string content) =>
        PublishAsAdminAsync(Client(instanceEnabled: true), project, name, content);

    private static async Task<long> PublishAsAdminAsync(HttpClient client, Project project, string name, string content)
    {
        var put = await client.PutBytesAsync(
            $"/api/v4/projects/{project.Id}/packages/generic/{name}/{SeededVersion}/{SeededFile}?select=package_file",
            Encoding.UTF8.GetBytes(content),
            SampleHostFactory.AdminToken).ConfigureAwait(false);
        var body = await put.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (put.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Seeding {name} in {project.FullPath} answered {(int)put.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("package_id").GetInt64();
    }

    public static string SeededContent(string target) => $"seeded content of {target}";

    private async Task SeedAsync(HttpClient client)
    {
        var directory = Host.Directory;
        var acme = await CreateGroupAsync(directory, ParentGroup, null).ConfigureAwait(false);
        var tools = await CreateGroupAsync(directory, "tools", acme.Id).ConfigureAwait(false);
        var elsewhere = await CreateGroupAsync(directory, "elsewhere", null).ConfigureAwait(false);
        var ciAllowed = await CreateProjectAsync(directory, "ci-allowed", elsewhere.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled).ConfigureAwait(false);
        var ciDenied = await CreateProjectAsync(directory, "ci-denied", elsewhere.Id, ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled).ConfigureAwait(false);

        foreach (var target in AuthorizationMatrix.Targets)
        {
            // A disabled registry takes no uploads, so those projects get their package first and are disabled after.
            var initial = target.Level == PackageRegistryAccessLevel.Disabled ? PackageRegistryAccessLevel.Enabled : target.Level;
            var project = await CreateProjectAsync(directory, target.Key, tools.Id, target.Visibility, initial).ConfigureAwait(false);
            _seededPackages[target.Key] = await PublishAsAdminAsync(client, project, SeededName, SeededContent(target.Key)).ConfigureAwait(false);
            foreach (var format in SeededFormats)
            {
                _seedFacts[(format.Name, target.Key)] = await format.PublishAsAdminAsync(client, project, MatrixFormats.SeededName(target.Key)).ConfigureAwait(false);
            }

            if (initial != target.Level)
            {
                project = await directory.UpdateProjectAsync(project.Id, null, target.Level, CancellationToken.None).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"project {target.Key} vanished");
            }

            _projects[target.Key] = project;
            await directory.AllowJobTokenAsync(project.Id, ciAllowed.Id, CancellationToken.None).ConfigureAwait(false);
        }

        // Users whose one token serves every project.
        await UserAsync(directory, "non-member", TokenScopes.Api).ConfigureAwait(false);
        foreach (var role in Roles)
        {
            var member = await UserAsync(directory, $"group-{Name(role)}", TokenScopes.Api).ConfigureAwait(false);
            await directory.SetGroupMemberAsync(acme.Id, member.Id, role, CancellationToken.None).ConfigureAwait(false);
        }

        var admin = await directory.TryCreateUserAsync("second-admin", "second-admin", isAdmin: true, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException("user second-admin exists");
        await IssueAsync(directory, "admin", admin, TokenScopes.Api, null).ConfigureAwait(false);

        // Project members, and a maintainer with narrower tokens.
        var projectMembers = new List<(User User, AccessLevel Role)>();
        foreach (var role in Roles)
        {
            projectMembers.Add((await UserAsync(directory, $"project-{Name(role)}", TokenScopes.Api).ConfigureAwait(false), role));
        }

        var scoped = await directory.TryCreateUserAsync("scoped-maintainer", "scoped-maintainer", isAdmin: false, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException("user scoped-maintainer exists");
        projectMembers.Add((scoped, AccessLevel.Maintainer));
        await IssueAsync(directory, "maintainer-read_api", scoped, TokenScopes.ReadApi, null).ConfigureAwait(false);
        await IssueAsync(directory, "maintainer-read_package_registry", scoped, TokenScopes.ReadPackageRegistry, null).ConfigureAwait(false);
        await IssueAsync(directory, "maintainer-write_package_registry", scoped, TokenScopes.WritePackageRegistry, null).ConfigureAwait(false);

        // Credentials that are no longer valid belong to group owners, so only their state refuses them.
        var lapsed = await directory.TryCreateUserAsync("lapsed-owner", "lapsed-owner", isAdmin: false, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException("user lapsed-owner exists");
        await directory.SetGroupMemberAsync(acme.Id, lapsed.Id, AccessLevel.Owner, CancellationToken.None).ConfigureAwait(false);
        var yesterday = TimeProvider.System.GetUtcNow().AddDays(-1);
        await IssueAsync(directory, "expired-pat", lapsed, TokenScopes.Api, yesterday).ConfigureAwait(false);
        var revoked = await IssueAsync(directory, "revoked-pat", lapsed, TokenScopes.Api, null).ConfigureAwait(false);
        await directory.RevokeTokenAsync(revoked.Id, CancellationToken.None).ConfigureAwait(false);

        const TokenScopes ReadWrite = TokenScopes.ReadPackageRegistry | TokenScopes.WritePackageRegistry;
        await DeployAsync(directory, "deploy-parent-group-read-write", null, acme.Id, ReadWrite, null).ConfigureAwait(false);
        await DeployAsync(directory, "deploy-subgroup-read", null, tools.Id, TokenScopes.ReadPackageRegistry, null).ConfigureAwait(false);
        await DeployAsync(directory, "deploy-other-project", ciAllowed.Id, null, ReadWrite, null).ConfigureAwait(false);
        await DeployAsync(directory, "deploy-unrelated-group", null, elsewhere.Id, ReadWrite, null).ConfigureAwait(false);
        await DeployAsync(directory, "expired-deploy-token", null, acme.Id, ReadWrite, yesterday).ConfigureAwait(false);
        var revokedDeploy = await DeployAsync(directory, "revoked-deploy-token", null, acme.Id, ReadWrite, null).ConfigureAwait(false);
        await directory.RevokeTokenAsync(revokedDeploy.Id, CancellationToken.None).ConfigureAwait(false);

        // CI jobs run as a Developer of the parent group.
        var ciBot = await directory.TryCreateUserAsync("ci-bot", "ci-bot", isAdmin: false, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException("user ci-bot exists");
        await directory.SetGroupMemberAsync(acme.Id, ciBot.Id, AccessLevel.Developer, CancellationToken.None).ConfigureAwait(false);
        Everywhere("job-other-project-allowed", (await StartJobAsync(directory, ciAllowed, ciBot).ConfigureAwait(false)).Token);
        Everywhere("job-other-project-not-allowed", (await StartJobAsync(directory, ciDenied, ciBot).ConfigureAwait(false)).Token);

        // What belongs to each project: its members, deploy tokens and jobs.
        foreach (var (key, project) in _projects)
        {
            foreach (var (user, role) in projectMembers)
            {
                await directory.SetProjectMemberAsync(project.Id, user.Id, role, CancellationToken.None).ConfigureAwait(false);
            }

            _tokens[("deploy-project-read", key)] = (await directory.CreateDeployTokenAsync(project.Id, null, "read", TokenScopes.ReadPackageRegistry, null, CancellationToken.None).ConfigureAwait(false)).Token;
            _tokens[("deploy-project-write", key)] = (await directory.CreateDeployTokenAsync(project.Id, null, "write", TokenScopes.WritePackageRegistry, null, CancellationToken.None).ConfigureAwait(false)).Token;
            _tokens[("deploy-project-read-write", key)] = (await directory.CreateDeployTokenAsync(project.Id, null, "read-write", ReadWrite, null, CancellationToken.None).ConfigureAwait(false)).Token;
            _tokens[("job-own-project", key)] = (await StartJobAsync(directory, project, ciBot).ConfigureAwait(false)).Token;
            var finished = await StartJobAsync(directory, project, ciBot).ConfigureAwait(false);
            await directory.FinishJobAsync(finished.Id, CancellationToken.None).ConfigureAwait(false);
            _tokens[("finished-job", key)] = finished.Token;
        }
    }

    private static string Name(AccessLevel role) => role.ToString().ToLowerInvariant();

    private static async Task<Group> CreateGroupAsync(IDirectoryAdministration directory, string path, long? parentId) =>
        await directory.TryCreateGroupAsync(path, path, parentId, ProjectVisibility.Public, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"group {path} exists");

    private static async Task<Project> CreateProjectAsync(IDirectoryAdministration directory, string path, long groupId, ProjectVisibility visibility, PackageRegistryAccessLevel level) =>
        await directory.TryCreateProjectAsync(path, path, groupId, visibility, level, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"project {path} exists");

    private static Task<IssuedToken> StartJobAsync(IDirectoryAdministration directory, Project project, User user) =>
        directory.StartJobAsync(project.Id, user.Id, 600, "main", "0123456789abcdef0123456789abcdef01234567", CancellationToken.None);

    /// <summary>Creates a user named as the caller, with a personal access token that serves every project.</summary>
    private async Task<User> UserAsync(IDirectoryAdministration directory, string caller, TokenScopes scopes)
    {
        var user = await directory.TryCreateUserAsync(caller, caller, isAdmin: false, CancellationToken.None).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"user {caller} exists");
        await IssueAsync(directory, caller, user, scopes, null).ConfigureAwait(false);
        return user;
    }

    private async Task<IssuedToken> IssueAsync(IDirectoryAdministration directory, string caller, User user, TokenScopes scopes, DateTimeOffset? expiresAt)
    {
        var issued = await directory.CreatePersonalAccessTokenAsync(user.Id, caller, scopes, expiresAt, null, CancellationToken.None).ConfigureAwait(false);
        Everywhere(caller, issued.Token);
        return issued;
    }

    private async Task<IssuedToken> DeployAsync(IDirectoryAdministration directory, string caller, long? projectId, long? groupId, TokenScopes scopes, DateTimeOffset? expiresAt)
    {
        var issued = await directory.CreateDeployTokenAsync(projectId, groupId, caller, scopes, expiresAt, CancellationToken.None).ConfigureAwait(false);
        Everywhere(caller, issued.Token);
        return issued;
    }

    private void Everywhere(string caller, string token)
    {
        foreach (var target in AuthorizationMatrix.Targets)
        {
            _tokens[(caller, target.Key)] = token;
        }
    }
}
