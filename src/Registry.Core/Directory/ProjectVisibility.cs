namespace Registry.Core.Directory;

/// <summary>Project or group visibility, as GitLab names it.</summary>
public enum ProjectVisibility
{
    /// <summary>Members only.</summary>
    Private = 0,
    /// <summary>Any signed-in user.</summary>
    Internal = 10,
    /// <summary>Everyone.</summary>
    Public = 20,
}
