namespace Registry.Core.Security;

/// <summary>The permission evaluator's answer, with the reason for logs and tests.</summary>
/// <param name="Denial">How to refuse, or <see cref="Denial.None"/>.</param>
/// <param name="Reason">Why, in words.</param>
public readonly record struct PermissionDecision(Denial Denial, string Reason)
{
    /// <summary>Whether the action is allowed.</summary>
    public bool IsAllowed => Denial == Denial.None;

    internal static PermissionDecision Allow(string reason) => new(Denial.None, reason);

    internal static PermissionDecision Deny(Denial denial, string reason) => new(denial, reason);
}
