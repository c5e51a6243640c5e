namespace Registry.Core.Protection;

/// <summary>How a protection rule write ended.</summary>
public enum ProtectionRuleWriteOutcome
{
    /// <summary>Stored.</summary>
    Saved = 0,
    /// <summary>The project already has a rule with this type and pattern (GitLab's uniqueness validation).</summary>
    Duplicate = 1,
    /// <summary>No such rule in the project.</summary>
    NotFound = 2,
    /// <summary>The rule breaks a validation rule; nothing was stored.</summary>
    Invalid = 3,
}
