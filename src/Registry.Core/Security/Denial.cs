namespace Registry.Core.Security;

/// <summary>How a refusal must reach the client.</summary>
public enum Denial
{
    /// <summary>Allowed.</summary>
    None = 0,
    /// <summary>401: no (valid) credential; the client should retry with one.</summary>
    Unauthenticated = 1,
    /// <summary>403: the caller may know the project exists but may not do this.</summary>
    Forbidden = 2,
    /// <summary>404: the caller may not even know the project exists.</summary>
    NotFound = 3,
}
