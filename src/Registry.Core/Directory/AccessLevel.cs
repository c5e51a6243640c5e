namespace Registry.Core.Directory;

/// <summary>A member's role, with GitLab's numeric <c>access_level</c> values.</summary>
public enum AccessLevel
{
    /// <summary>Not a member.</summary>
    None = 0,
    /// <summary>Guest.</summary>
    Guest = 10,
    /// <summary>Reporter.</summary>
    Reporter = 20,
    /// <summary>Developer.</summary>
    Developer = 30,
    /// <summary>Maintainer.</summary>
    Maintainer = 40,
    /// <summary>Owner.</summary>
    Owner = 50,
}
