namespace Registry.Core.Security;

/// <summary>Who is calling.</summary>
public enum PrincipalKind
{
    /// <summary>No credential.</summary>
    Anonymous = 0,
    /// <summary>A user through a personal access token.</summary>
    User = 1,
    /// <summary>A project or group deploy token.</summary>
    DeployToken = 2,
    /// <summary>A CI job token, acting as the job's user.</summary>
    JobToken = 3,
}
