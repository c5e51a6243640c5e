namespace Registry.Core.Protection;

/// <summary>The result of creating or updating a protection rule.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Rule">The stored rule, on <see cref="ProtectionRuleWriteOutcome.Saved"/>.</param>
/// <param name="Errors">GitLab's full validation messages, on <see cref="ProtectionRuleWriteOutcome.Invalid"/> and <see cref="ProtectionRuleWriteOutcome.Duplicate"/>.</param>
public sealed record ProtectionRuleWriteResult(ProtectionRuleWriteOutcome Outcome, PackageProtectionRule? Rule = null, IReadOnlyList<string>? Errors = null);
