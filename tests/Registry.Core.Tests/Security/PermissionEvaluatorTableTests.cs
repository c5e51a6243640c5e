using Registry.Core.Directory;
using Registry.Core.Security;

namespace Registry.Core.Tests.Security;

/// <summary>
/// Every cell of visibility × package_registry_access_level × caller × action × endpoint scope,
/// plus the instance-wide switch, checked against <see cref="PermissionSpec"/>.
/// </summary>
public class PermissionEvaluatorTableTests
{
    private static readonly ProjectVisibility[] Visibilities = Enum.GetValues<ProjectVisibility>();
    private static readonly PackageRegistryAccessLevel[] Levels = Enum.GetValues<PackageRegistryAccessLevel>();
    private static readonly EndpointScope[] Scopes = Enum.GetValues<EndpointScope>();
    private static readonly PackageAction[] Actions = Enum.GetValues<PackageAction>();

    /// <summary>Instance registry on: every visibility, access level, endpoint scope, caller and action.</summary>
    public static TheoryData<string, ProjectVisibility, PackageRegistryAccessLevel, EndpointScope, PackageAction, Denial> Cells()
    {
        var data = new TheoryData<string, ProjectVisibility, PackageRegistryAccessLevel, EndpointScope, PackageAction, Denial>();
        foreach (var visibility in Visibilities)
        {
            foreach (var level in Levels)
            {
                foreach (var scope in Scopes)
                {
                    foreach (var caller in PermissionSpec.Callers)
                    {
                        foreach (var action in Actions)
                        {
                            var (denial, _) = PermissionSpec.Expected(caller, visibility, level, scope, action, instanceEnabled: true);
                            data.Add(caller.Name, visibility, level, scope, action, denial);
                        }
                    }
                }
            }
        }

        return data;
    }

    /// <summary>Instance registry off: every visibility, access level, caller and action (project-level endpoints).</summary>
    public static TheoryData<string, ProjectVisibility, PackageRegistryAccessLevel, PackageAction> InstanceDisabledCells()
    {
        var data = new TheoryData<string, ProjectVisibility, PackageRegistryAccessLevel, PackageAction>();
        foreach (var visibility in Visibilities)
        {
            foreach (var level in Levels)
            {
                foreach (var caller in PermissionSpec.Callers)
                {
                    foreach (var action in Actions)
                    {
                        data.Add(caller.Name, visibility, level, action);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void Evaluate_matches_the_spec_table(
        string callerName,
        ProjectVisibility visibility,
        PackageRegistryAccessLevel level,
        EndpointScope scope,
        PackageAction action,
        Denial expected)
    {
        var caller = PermissionSpec.CallerNamed(callerName);
        var (_, because) = PermissionSpec.Expected(caller, visibility, level, scope, action, instanceEnabled: true);

        var decision = Evaluate(caller, visibility, level, scope, action, instanceEnabled: true);

        decision.Denial.Should().Be(
            expected,
            "spec: {0} (evaluator said \"{1}\")",
            because,
            decision.Reason);
        decision.Reason.Should().NotBeNullOrWhiteSpace();
        decision.IsAllowed.Should().Be(expected == Denial.None);
    }

    [Theory]
    [MemberData(nameof(InstanceDisabledCells))]
    public void Evaluate_refuses_everything_with_403_when_the_instance_registry_is_disabled(
        string callerName,
        ProjectVisibility visibility,
        PackageRegistryAccessLevel level,
        PackageAction action)
    {
        var caller = PermissionSpec.CallerNamed(callerName);
        var (expected, because) = PermissionSpec.Expected(caller, visibility, level, EndpointScope.Project, action, instanceEnabled: false);
        expected.Should().Be(Denial.Forbidden, "the spec table itself says so");

        var decision = Evaluate(caller, visibility, level, EndpointScope.Project, action, instanceEnabled: false);

        decision.Denial.Should().Be(Denial.Forbidden, "spec: {0} (evaluator said \"{1}\")", because, decision.Reason);
        decision.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Every_caller_name_is_unique()
    {
        PermissionSpec.Callers.Select(c => c.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_table_covers_every_cell()
    {
        var callers = PermissionSpec.Callers.Count;
        Cells().Should().HaveCount(Visibilities.Length * Levels.Length * Scopes.Length * callers * Actions.Length);
        InstanceDisabledCells().Should().HaveCount(Visibilities.Length * Levels.Length * callers * Actions.Length);
    }

    [Fact]
    public void Evaluate_rejects_null_arguments()
    {
        var facts = new ProjectAccessFacts { Project = PermissionSpec.MakeProject(ProjectVisibility.Public, PackageRegistryAccessLevel.Enabled) };

        var nullPrincipal = () => PermissionEvaluator.Evaluate(null!, facts, PackageAction.View);
        var nullFacts = () => PermissionEvaluator.Evaluate(RegistryPrincipal.Anonymous, null!, PackageAction.View);

        nullPrincipal.Should().Throw<ArgumentNullException>();
        nullFacts.Should().Throw<ArgumentNullException>();
    }

    private static PermissionDecision Evaluate(
        PermissionSpec.Caller caller,
        ProjectVisibility visibility,
        PackageRegistryAccessLevel level,
        EndpointScope scope,
        PackageAction action,
        bool instanceEnabled)
    {
        var facts = new ProjectAccessFacts
        {
            Project = PermissionSpec.MakeProject(visibility, level),
            Role = caller.Role,
            JobTokenAllowed = caller.JobTokenAllowed,
            InstanceRegistryEnabled = instanceEnabled,
            Scope = scope,
        };
        return PermissionEvaluator.Evaluate(caller.Principal, facts, action);
    }
}
