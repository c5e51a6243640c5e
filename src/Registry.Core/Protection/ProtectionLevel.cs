namespace Registry.Core.Protection;

/// <summary>
/// The least role a package protection rule asks for, with GitLab's numeric access levels
/// (https://docs.gitlab.com/api/project_packages_protection_rules/): <c>maintainer</c>, <c>owner</c>, or <c>admin</c>
/// (an instance administrator, level 60, above every member role).
/// </summary>
public enum ProtectionLevel
{
    /// <summary>Maintainer (40); pushing only.</summary>
    Maintainer = 40,
    /// <summary>Owner (50).</summary>
    Owner = 50,
    /// <summary>Instance administrator (60).</summary>
    Admin = 60,
}
