namespace Registry.Core.Security;

/// <summary>The permission evaluator's answer, with the reason for logs and tests.</summary>
/// <param name="Denial">How to refuse, or <see cref="Denial.None"/>.</param>
/// <param name="Reason">Why, in words.</param>
public readonly record struct PermissionDecision(Denial Denial, string Reason)
{
    /// <summary>Whether the action is allowed.</summary>
    public bool IsAllowed => Denial == Denial.None;

    /// <summary>
    /// The refusal of every request while the package registry is off on the instance (<c>PackageRegistry:Enabled=false</c>):
    /// 403, at project, group and instance level alike.
    /// </summary>
    public static PermissionDecision InstanceRegistryDisabled { get; } = new(Denial.Forbidden, "the package registry is disabled on this instance");

    internal static PermissionDecision Allow(string reason) => new(Denial.None, reason);

    internal static PermissionDecision Deny(Denial denial, string reason) => new(denial, reason);
}
