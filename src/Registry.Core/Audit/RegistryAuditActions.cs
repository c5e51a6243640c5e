namespace Registry.Core.Audit;

/// <summary>The <see cref="RegistryAuditEvent.Action"/> names the registry writes.</summary>
public static class RegistryAuditActions
{
    /// <summary>A package file was published (its version created or extended).</summary>
    public const string PackagePublished = "package_published";

    /// <summary>A package version was deleted.</summary>
    public const string PackageDeleted = "package_deleted";

    /// <summary>One file of a package version was deleted.</summary>
    public const string PackageFileDeleted = "package_file_deleted";

    /// <summary>A package protection rule was created.</summary>
    public const string ProtectionRuleCreated = "protection_rule_created";

    /// <summary>A package protection rule was changed.</summary>
    public const string ProtectionRuleUpdated = "protection_rule_updated";

    /// <summary>A package protection rule was deleted.</summary>
    public const string ProtectionRuleDeleted = "protection_rule_deleted";

    /// <summary>A top-level group's package settings (duplicate rules) were changed.</summary>
    public const string PackageSettingsUpdated = "package_settings_updated";

    /// <summary>A top-level group's quota override was set.</summary>
    public const string QuotaUpdated = "quota_updated";

    /// <summary>A top-level group's quota override was removed (back to the defaults).</summary>
    public const string QuotaRemoved = "quota_removed";

    /// <summary>A project's cleanup policy was changed.</summary>
    public const string CleanupPolicyUpdated = "cleanup_policy_updated";

    /// <summary>A project's cleanup policy was run on request (not a dry run); the details say what it deleted.</summary>
    public const string CleanupPolicyRun = "cleanup_policy_run";
}
