using Registry.Core.Directory;
using Registry.Core.Security;
using Registry.Core.Tests.Security;

namespace Registry.Formats.Tests.Authorization;

/// <summary>
/// The expected answer of every format route × project × caller cell. The permission is <see cref="PermissionSpec"/>'s,
/// as for the generic cells; the level adds one rule, the same for every format: a group or instance route shows only
/// what the caller may read there, so a package the caller may not read is not found (404), or, to an anonymous
/// caller, a request for a credential (401).
/// </summary>
internal static class FormatMatrix
{
    /// <summary>With the registry off on the instance a project's own settings do not matter: this project stands for all.</summary>
    public const string InstanceDisabledTarget = "public-public";

    private static readonly bool[] InstanceStates = [true, false];

    /// <summary>
    /// Cells where the SDK disagrees with GitLab's rule, left out until src is fixed: each names the bug. The expectation
    /// of those cells stays GitLab's (<see cref="Expected"/>); re-enable them by removing the entry.
    /// </summary>
    public static readonly IReadOnlyList<KnownBug> KnownBugs = [];

    public static (int Status, string Because) Expected(FormatRoute route, MatrixTarget target, MatrixCaller caller, bool instanceEnabled)
    {
        if (caller.Spec is not { } specName)
        {
            return (401, "a credential that is unknown, expired or revoked is refused with 401, even where anyone may read");
        }

        var spec = PermissionSpec.CallerNamed(specName);
        var scope = route.Level switch
        {
            MatrixLevel.Project => EndpointScope.Project,
            MatrixLevel.Group => EndpointScope.Group,
            _ => EndpointScope.Instance,
        };
        var (denial, because) = PermissionSpec.Expected(spec, target.Visibility, target.Level, scope, route.Permission, instanceEnabled);
        if (route.Level == MatrixLevel.Project || !instanceEnabled)
        {
            return (denial switch
            {
                Denial.None => route.SuccessStatus,
                Denial.Unauthenticated => 401,
                Denial.Forbidden => 403,
                Denial.NotFound => 404,
                _ => throw new ArgumentOutOfRangeException(nameof(route)),
            }, because);
        }

        var anonymous = !spec.SignedIn;
        if (denial == Denial.None)
        {
            return anonymous && route.Level == MatrixLevel.Group && MatrixFormats.Format(route.Format).ChallengesAnonymousAtGroup
                ? (401, "the group holds projects that need a credential, so an anonymous caller is challenged to send one")
                : (route.SuccessStatus, because + ", and the level shows what the caller may read");
        }

        return anonymous
            ? (401, $"{because}: the level hides the package and asks an anonymous caller for a credential")
            : (404, $"{because}: the level shows only what the caller may read, so the package is not found");
    }

    /// <summary>
    /// Every format route × project × caller cell with the registry on, and every route × caller cell with it off
    /// (on <see cref="InstanceDisabledTarget"/>), less <see cref="KnownBugs"/>.
    /// </summary>
    public static TheoryData<bool, string, string, string, int> Cells()
    {
        var data = new TheoryData<bool, string, string, string, int>();
        foreach (var (instanceEnabled, route, target, caller) in AllCells().Where(c => !IsKnownBug(c)))
        {
            data.Add(instanceEnabled, route.Key, target.Key, caller.Name, Expected(route, target, caller, instanceEnabled).Status);
        }

        return data;
    }

    /// <summary>The cells <see cref="KnownBugs"/> leave out.</summary>
    public static int LeftOutCount() => AllCells().Count(IsKnownBug);

    private static bool IsKnownBug((bool InstanceEnabled, FormatRoute Route, MatrixTarget Target, MatrixCaller Caller) cell) =>
        KnownBugs.Any(bug => bug.Matches(cell.Route, cell.Target, cell.Caller, cell.InstanceEnabled));

    private static IEnumerable<(bool InstanceEnabled, FormatRoute Route, MatrixTarget Target, MatrixCaller Caller)> AllCells() =>
        from instanceEnabled in InstanceStates
        from route in MatrixFormats.Routes
        from target in AuthorizationMatrix.Targets.Where(t => instanceEnabled || t.Key == InstanceDisabledTarget)
        from caller in AuthorizationMatrix.Callers
        select (instanceEnabled, route, target, caller);
}

/// <summary>A disagreement with GitLab's rule found by the matrix: what src does wrong, and which cells show it.</summary>
internal sealed record KnownBug(string Description, Func<FormatRoute, MatrixTarget, MatrixCaller, bool, bool> Matches);
