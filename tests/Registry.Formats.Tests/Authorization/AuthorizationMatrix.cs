using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Tests.Security;

namespace Registry.Formats.Tests.Authorization;

/// <summary>
/// The expected HTTP answer of every (project visibility × access level) × caller × action cell, as data. The rule
/// behind each answer is <see cref="PermissionSpec"/> (linked from the Core tests, where it was written from GitLab's
/// "Package Registry visibility permissions" table, "Allow anyone to pull" and the token kinds, not from the code);
/// this file only says which spec caller each real HTTP caller is, and turns the spec's refusal into a status code.
/// </summary>
internal static class AuthorizationMatrix
{
    public const string PrivateToken = "PRIVATE-TOKEN";
    public const string DeployToken = "DEPLOY-TOKEN";
    public const string JobToken = "JOB-TOKEN";

    /// <summary>Every visibility with every access level, in one subgroup (<c>acme/tools</c>) of a parent group (<c>acme</c>).</summary>
    public static readonly IReadOnlyList<MatrixTarget> Targets =
    [
        .. from visibility in Enum.GetValues<ProjectVisibility>()
           from level in Enum.GetValues<PackageRegistryAccessLevel>()
           select new MatrixTarget($"{visibility}-{level}".ToLowerInvariant(), visibility, level),
    ];

    /// <summary>The callers, each with the spec caller it must answer like (see <see cref="PermissionSpec.Callers"/>).</summary>
    public static readonly IReadOnlyList<MatrixCaller> Callers =
    [
        //  name                                   header         behaves like (PermissionSpec), and towards other projects
        new("anonymous",                           null,          "anonymous"),
        new("non-member",                          PrivateToken,  "pat-api-none"),

        // members of the project itself
        new("project-guest",                       PrivateToken,  "pat-api-guest"),
        new("project-reporter",                    PrivateToken,  "pat-api-reporter"),
        new("project-developer",                   PrivateToken,  "pat-api-developer"),
        new("project-maintainer",                  PrivateToken,  "pat-api-maintainer"),
        new("project-owner",                       PrivateToken,  "pat-api-owner"),

        // members of the parent group, two levels up: the role is inherited
        new("group-guest",                         PrivateToken,  "pat-api-guest"),
        new("group-reporter",                      PrivateToken,  "pat-api-reporter"),
        new("group-developer",                     PrivateToken,  "pat-api-developer"),
        new("group-maintainer",                    PrivateToken,  "pat-api-maintainer"),
        new("group-owner",                         PrivateToken,  "pat-api-owner"),

        new("admin",                               PrivateToken,  "admin-nonmember"),

        // a project maintainer's personal access tokens with one narrower scope each
        new("maintainer-read_api",                 PrivateToken,  "pat-maintainer-read_api"),
        new("maintainer-read_package_registry",    PrivateToken,  "pat-maintainer-read_package"),
        new("maintainer-write_package_registry",   PrivateToken,  "pat-maintainer-write_package"),

        // deploy tokens: scopes only, within their project or group (and its subgroups)
        new("deploy-project-read",                 DeployToken,   "deploy-project-read",        "deploy-other-project"),
        new("deploy-project-write",                DeployToken,   "deploy-project-write",       "deploy-other-project"),
        new("deploy-project-read-write",           DeployToken,   "deploy-project-read-write",  "deploy-other-project"),
        new("deploy-parent-group-read-write",      DeployToken,   "deploy-group-parent-read-write"),
        new("deploy-subgroup-read",                DeployToken,   "deploy-project-read"),
        new("deploy-other-project",                DeployToken,   "deploy-other-project"),
        new("deploy-unrelated-group",              DeployToken,   "deploy-unrelated-group"),

        // CI job tokens of a Developer: the project's own job, and jobs of projects the project does or does not allowlist
        new("job-own-project",                     JobToken,      "job-own-project",            "job-other-project-not-allowed"),
        new("job-other-project-allowed",           JobToken,      "job-other-project-allowed"),
        new("job-other-project-not-allowed",       JobToken,      "job-other-project-not-allowed"),

        // credentials that are no longer valid (their users or scopes would allow everything)
        new("expired-pat",                         PrivateToken,  null),
        new("revoked-pat",                         PrivateToken,  null),
        new("expired-deploy-token",                DeployToken,   null),
        new("revoked-deploy-token",                DeployToken,   null),
        new("finished-job",                        JobToken,      null),
    ];

    public static MatrixTarget Target(string key) => Targets.Single(t => t.Key == key);

    public static MatrixCaller Caller(string name) => Callers.Single(c => c.Name == name);

    /// <summary>The expected status of one cell through the project-level endpoints, with the spec's reason.</summary>
    public static (int Status, string Because) Expected(MatrixTarget target, MatrixCaller caller, MatrixAction action, bool instanceEnabled)
    {
        if (caller.Spec is not { } spec)
        {
            return (401, "a credential that is unknown, expired or revoked is refused with 401, even where anyone may read");
        }

        var (denial, because) = PermissionSpec.Expected(
            PermissionSpec.CallerNamed(spec), target.Visibility, target.Level, EndpointScope.Project, action.Permission(), instanceEnabled);
        return (StatusOf(denial, action), because);
    }

    /// <summary>The project whose tokens list the group, for callers whose tokens are tied to one project.</summary>
    public const string GroupListingTokenOf = "private-enabled";

    /// <summary>
    /// The group listing (<c>GET /api/v4/groups/{id}/packages</c>) of the public parent group: 401 for an invalid credential,
    /// 403 when the registry is off on the instance, otherwise 200 with exactly the projects the spec lets the caller view
    /// through a group endpoint (where "allow anyone to pull" does not hold). A token tied to one project lists with the
    /// token of <see cref="GroupListingTokenOf"/> and is an outsider to the others.
    /// </summary>
    public static (int Status, IReadOnlyList<string> Visible) ExpectedGroupListing(MatrixCaller caller, bool instanceEnabled)
    {
        if (caller.Spec is not { } spec)
        {
            return (401, []);
        }

        if (!instanceEnabled)
        {
            return (403, []);
        }

        return (200, [.. Targets
            .Where(t => PermissionSpec.Expected(
                PermissionSpec.CallerNamed(t.Key == GroupListingTokenOf ? spec : caller.ElsewhereSpec ?? spec),
                t.Visibility,
                t.Level,
                EndpointScope.Group,
                PackageAction.View,
                instanceEnabled).Denial == Denial.None)
            .Select(t => t.Key)]);
    }

    /// <summary>
    /// Every project × caller × action cell with its expected status, with the registry enabled on the instance and
    /// disabled: one named test case each.
    /// </summary>
    public static TheoryData<bool, string, string, MatrixAction, int> Cells()
    {
        var data = new TheoryData<bool, string, string, MatrixAction, int>();
        foreach (var instanceEnabled in new[] { true, false })
        {
            foreach (var target in Targets)
            {
                foreach (var caller in Callers)
                {
                    foreach (var action in Enum.GetValues<MatrixAction>())
                    {
                        data.Add(instanceEnabled, target.Key, caller.Name, action, Expected(target, caller, action, instanceEnabled).Status);
                    }
                }
            }
        }

        return data;
    }

    /// <summary>Every caller with its expected group listing status and visible projects (comma-separated, so the case name shows them).</summary>
    public static TheoryData<bool, string, int, string> GroupListings()
    {
        var data = new TheoryData<bool, string, int, string>();
        foreach (var instanceEnabled in new[] { true, false })
        {
            foreach (var caller in Callers)
            {
                var (status, visible) = ExpectedGroupListing(caller, instanceEnabled);
                data.Add(instanceEnabled, caller.Name, status, string.Join(",", visible));
            }
        }

        return data;
    }

    private static int StatusOf(Denial denial, MatrixAction action) => denial switch
    {
        Denial.None => action.SuccessStatus(),
        Denial.Unauthenticated => 401,
        Denial.Forbidden => 403,
        Denial.NotFound => 404,
        _ => throw new ArgumentOutOfRangeException(nameof(denial)),
    };
}
