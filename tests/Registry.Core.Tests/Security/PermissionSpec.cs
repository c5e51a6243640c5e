using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Core.Tests.Security;

/// <summary>
/// The expected behaviour of the permission evaluator, written out as data from the spec
/// (GitLab's "Package Registry visibility permissions" table, "Allow anyone to pull", the token kinds),
/// not derived from the evaluator's code.
/// </summary>
internal static class PermissionSpec
{
    // ---- The project under test and its surroundings -------------------------------------------------------

    public const long ProjectId = 100;
    public const long OtherProjectId = 200;
    public const long SubgroupId = 11;      // the project's own group ...
    public const long ParentGroupId = 10;   // ... which sits in this group
    public const long UnrelatedGroupId = 99;

    public static Project MakeProject(ProjectVisibility visibility, PackageRegistryAccessLevel level) => new()
    {
        Id = ProjectId,
        GroupId = SubgroupId,
        AncestorGroupIds = [SubgroupId, ParentGroupId],
        Name = "Widgets",
        Path = "widgets",
        FullPath = "acme/tools/widgets",
        Visibility = visibility,
        PackageRegistryAccessLevel = level,
    };

    // ---- Who may view and pull (the seed's table plus package_registry_access_level) -------------------

    /// <summary>The least a caller needs (to view or pull, or to know the project exists).</summary>
    public enum Reader
    {
        /// <summary>Everyone on the internet, anonymous included.</summary>
        Anyone,
        /// <summary>Any signed-in user (role None counts: GitLab treats them as guests).</summary>
        SignedIn,
        /// <summary>A member (Guest or higher).</summary>
        Member,
        /// <summary>A member with Reporter or higher.</summary>
        Reporter,
    }

    /// <summary>
    /// Who may view/pull, by project visibility and access level, through project-level endpoints and
    /// through group/instance-level endpoints. "Allow anyone to pull" (access level Public) holds only at
    /// project level; elsewhere the visibility rules apply. Disabled is not in the table: it is 403 for all.
    /// </summary>
    private static readonly Dictionary<(ProjectVisibility, PackageRegistryAccessLevel), (Reader AtProject, Reader AtGroupOrInstance)> ReadTable = new()
    {
        //  visibility                  access level                                project-level        group / instance
        [(ProjectVisibility.Public, PackageRegistryAccessLevel.Private)] = (Reader.Reporter, Reader.Reporter),
        [(ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled)] = (Reader.Anyone, Reader.Anyone),
        [(ProjectVisibility.Public, PackageRegistryAccessLevel.Public)] = (Reader.Anyone, Reader.Anyone),
        [(ProjectVisibility.Internal, PackageRegistryAccessLevel.Private)] = (Reader.Reporter, Reader.Reporter),
        [(ProjectVisibility.Internal, PackageRegistryAccessLevel.Enabled)] = (Reader.SignedIn, Reader.SignedIn),
        [(ProjectVisibility.Internal, PackageRegistryAccessLevel.Public)] = (Reader.Anyone, Reader.SignedIn),
        [(ProjectVisibility.Private, PackageRegistryAccessLevel.Private)] = (Reader.Reporter, Reader.Reporter),
        [(ProjectVisibility.Private, PackageRegistryAccessLevel.Enabled)] = (Reader.Reporter, Reader.Reporter),
        [(ProjectVisibility.Private, PackageRegistryAccessLevel.Public)] = (Reader.Anyone, Reader.Reporter),
    };

    /// <summary>The least role for each write action (the same for every visibility).</summary>
    private static readonly Dictionary<PackageAction, AccessLevel> WriteTable = new()
    {
        [PackageAction.Publish] = AccessLevel.Developer,
        [PackageAction.Delete] = AccessLevel.Maintainer,
        [PackageAction.ManageSettings] = AccessLevel.Maintainer,
    };

    /// <summary>
    /// Who may know the project exists (decides 404 versus 403 for a signed-in caller): public projects
    /// everyone, internal projects any signed-in user, private projects their members (Guest or higher).
    /// A caller who may read the registry (e.g. "allow anyone to pull") of course knows it exists too.
    /// </summary>
    private static readonly Dictionary<ProjectVisibility, Reader> ProjectSeenBy = new()
    {
        [ProjectVisibility.Public] = Reader.Anyone,
        [ProjectVisibility.Internal] = Reader.SignedIn,
        [ProjectVisibility.Private] = Reader.Member,
    };

    // ---- Callers -----------------------------------------------------------------------------------------

    /// <summary>How a caller is described to the expectation: written by hand from the spec, per caller.</summary>
    /// <param name="Name">Test case name.</param>
    /// <param name="Principal">What the evaluator is given.</param>
    /// <param name="Role">The facts' role (the user's or the job user's role in the project).</param>
    /// <param name="JobTokenAllowed">The facts' allowlist answer.</param>
    /// <param name="SignedIn">Has a credential.</param>
    /// <param name="InReach">The credential may act on this project at all (deploy token's project/group, job's project/allowlist).</param>
    /// <param name="ActsAs">Role used for role checks (admins act as Owner); null for deploy tokens, which act by scope alone.</param>
    /// <param name="ReadScope">Its scopes allow view/pull.</param>
    /// <param name="WriteScope">Its scopes allow publish/delete/settings.</param>
    public sealed record Caller(
        string Name,
        RegistryPrincipal Principal,
        AccessLevel Role,
        bool JobTokenAllowed,
        bool SignedIn,
        bool InReach,
        AccessLevel? ActsAs,
        bool ReadScope,
        bool WriteScope)
    {
        public bool IsDeployToken => ActsAs is null;
    }

    private static RegistryPrincipal Pat(TokenScopes scopes, bool admin = false) =>
        new() { Kind = PrincipalKind.User, UserId = 7, DisplayName = "alice", Scopes = scopes, IsAdmin = admin };

    private static RegistryPrincipal ProjectDeployToken(long projectId, TokenScopes scopes) =>
        new() { Kind = PrincipalKind.DeployToken, DisplayName = "deploy", Scopes = scopes, DeployTokenProjectId = projectId };

    private static RegistryPrincipal GroupDeployToken(long groupId, TokenScopes scopes) =>
        new() { Kind = PrincipalKind.DeployToken, DisplayName = "group-deploy", Scopes = scopes, DeployTokenGroupId = groupId };

    private static RegistryPrincipal JobToken(long jobProjectId) =>
        new()
        {
            Kind = PrincipalKind.JobToken,
            UserId = 8,
            DisplayName = "ci-bot",
            Scopes = TokenScopes.Api,
            Job = new JobContext(JobId: 5000, ProjectId: jobProjectId, PipelineId: 600, Ref: "main", CommitSha: "abc123"),
        };

    private const TokenScopes ReadPkg = TokenScopes.ReadPackageRegistry;
    private const TokenScopes WritePkg = TokenScopes.WritePackageRegistry;

    public static readonly IReadOnlyList<Caller> Callers =
    [
        //  name                              principal                                          facts.Role               allow  signedIn inReach actsAs                  read   write
        new("anonymous",                      RegistryPrincipal.Anonymous,                       AccessLevel.None,        false, false,   false,  AccessLevel.None,       false, false),

        // personal access tokens with the api scope, by role
        new("pat-api-none",                   Pat(TokenScopes.Api),                              AccessLevel.None,        false, true,    true,   AccessLevel.None,       true,  true),
        new("pat-api-guest",                  Pat(TokenScopes.Api),                              AccessLevel.Guest,       false, true,    true,   AccessLevel.Guest,      true,  true),
        new("pat-api-reporter",               Pat(TokenScopes.Api),                              AccessLevel.Reporter,    false, true,    true,   AccessLevel.Reporter,   true,  true),
        new("pat-api-developer",              Pat(TokenScopes.Api),                              AccessLevel.Developer,   false, true,    true,   AccessLevel.Developer,  true,  true),
        new("pat-api-maintainer",             Pat(TokenScopes.Api),                              AccessLevel.Maintainer,  false, true,    true,   AccessLevel.Maintainer, true,  true),
        new("pat-api-owner",                  Pat(TokenScopes.Api),                              AccessLevel.Owner,       false, true,    true,   AccessLevel.Owner,      true,  true),
        new("admin-nonmember",                Pat(TokenScopes.Api, admin: true),                 AccessLevel.None,        false, true,    true,   AccessLevel.Owner,      true,  true),

        // personal access tokens of a Maintainer with a single scope
        new("pat-maintainer-api",             Pat(TokenScopes.Api),                              AccessLevel.Maintainer,  false, true,    true,   AccessLevel.Maintainer, true,  true),
        new("pat-maintainer-read_api",        Pat(TokenScopes.ReadApi),                          AccessLevel.Maintainer,  false, true,    true,   AccessLevel.Maintainer, true,  false),
        new("pat-maintainer-read_package",    Pat(ReadPkg),                                      AccessLevel.Maintainer,  false, true,    true,   AccessLevel.Maintainer, true,  false),
        new("pat-maintainer-write_package",   Pat(WritePkg),                                     AccessLevel.Maintainer,  false, true,    true,   AccessLevel.Maintainer, false, true),

        // deploy tokens: no role, scopes only, within their project or group
        new("deploy-project-read",            ProjectDeployToken(ProjectId, ReadPkg),            AccessLevel.None,        false, true,    true,   null,                   true,  false),
        new("deploy-project-write",           ProjectDeployToken(ProjectId, WritePkg),           AccessLevel.None,        false, true,    true,   null,                   false, true),
        new("deploy-project-read-write",      ProjectDeployToken(ProjectId, ReadPkg | WritePkg), AccessLevel.None,        false, true,    true,   null,                   true,  true),
        new("deploy-group-parent-read-write", GroupDeployToken(ParentGroupId, ReadPkg | WritePkg), AccessLevel.None,      false, true,    true,   null,                   true,  true),
        new("deploy-other-project",           ProjectDeployToken(OtherProjectId, ReadPkg | WritePkg), AccessLevel.None,   false, true,    false,  null,                   true,  true),
        new("deploy-unrelated-group",         GroupDeployToken(UnrelatedGroupId, ReadPkg | WritePkg), AccessLevel.None,   false, true,    false,  null,                   true,  true),

        // job tokens: the job user's role (Developer here), within the job's project or an allowlisting one
        new("job-own-project",                JobToken(ProjectId),                               AccessLevel.Developer,   false, true,    true,   AccessLevel.Developer,  true,  true),
        new("job-other-project-allowed",      JobToken(OtherProjectId),                          AccessLevel.Developer,   true,  true,    true,   AccessLevel.Developer,  true,  true),
        new("job-other-project-not-allowed",  JobToken(OtherProjectId),                          AccessLevel.Developer,   false, true,    false,  AccessLevel.Developer,  true,  true),
    ];

    public static Caller CallerNamed(string name) => Callers.Single(c => c.Name == name);

    // ---- The expectation ---------------------------------------------------------------------------------

    /// <summary>The spec's answer for one cell, with the rule that decided it.</summary>
    public static (Denial Denial, string Because) Expected(
        Caller caller, ProjectVisibility visibility, PackageRegistryAccessLevel level, EndpointScope scope, PackageAction action, bool instanceEnabled)
    {
        ArgumentNullException.ThrowIfNull(caller);

        if (!instanceEnabled)
        {
            return (Denial.Forbidden, "registry disabled on the instance: 403 for everyone");
        }

        if (level == PackageRegistryAccessLevel.Disabled)
        {
            return (Denial.Forbidden, "registry disabled for the project: 403 for everyone");
        }

        var (atProject, atGroupOrInstance) = ReadTable[(visibility, level)];
        var reader = scope == EndpointScope.Project ? atProject : atGroupOrInstance;
        var isRead = action is PackageAction.View or PackageAction.Pull;

        if (isRead && reader == Reader.Anyone)
        {
            return (Denial.None, "anyone may read");
        }

        if (!caller.SignedIn)
        {
            return (Denial.Unauthenticated, "anonymous where a credential is needed");
        }

        if (!caller.InReach)
        {
            return (Denial.NotFound, "token out of reach behaves like an outsider");
        }

        bool roleAllows;
        bool scopeAllows;
        if (isRead)
        {
            roleAllows = caller.IsDeployToken || Meets(caller.ActsAs!.Value, reader);
            scopeAllows = caller.ReadScope;
        }
        else
        {
            roleAllows = caller.IsDeployToken
                ? action != PackageAction.ManageSettings
                : caller.ActsAs!.Value >= WriteTable[action];
            scopeAllows = caller.WriteScope;
        }

        if (roleAllows && scopeAllows)
        {
            return (Denial.None, "role and scope suffice");
        }

        return KnowsProject(caller, visibility, reader)
            ? (Denial.Forbidden, roleAllows ? "may see the project but the token lacks the scope" : "may see the project but the role is too low")
            : (Denial.NotFound, "may not see the project");
    }

    private static bool Meets(AccessLevel role, Reader reader) => reader switch
    {
        Reader.Anyone => true,
        Reader.SignedIn => true, // only signed-in callers get here
        Reader.Member => role >= AccessLevel.Guest,
        Reader.Reporter => role >= AccessLevel.Reporter,
        _ => throw new ArgumentOutOfRangeException(nameof(reader)),
    };

    private static bool KnowsProject(Caller caller, ProjectVisibility visibility, Reader reader)
    {
        if (caller.IsDeployToken)
        {
            return true; // in reach: it is this project's (or its group's) own token
        }

        var role = caller.ActsAs!.Value;
        return Meets(role, ProjectSeenBy[visibility]) || Meets(role, reader);
    }
}
