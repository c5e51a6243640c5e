namespace Registry.Formats.Tests.Authorization;

/// <summary>One caller of the matrix: how it sends its token and which caller of the spec table it must behave like.</summary>
/// <param name="Name">The case name (also the key of its token in the seeded host).</param>
/// <param name="Header">The header its kind of token travels in (GitLab's convention); null for the anonymous caller.</param>
/// <param name="Spec">The <c>PermissionSpec</c> caller it answers like; null for a credential that is no longer valid.</param>
/// <param name="ElsewhereSpec">
/// For a token tied to one project (its deploy tokens, its jobs), the spec caller it answers like towards the other
/// projects, which a group listing also shows; null when it answers alike everywhere.
/// </param>
public sealed record MatrixCaller(string Name, string? Header, string? Spec, string? ElsewhereSpec = null)
{
    /// <summary>An expired or revoked token, or a finished job's: refused with 401 whatever it asks.</summary>
    public bool IsInvalidCredential => Header is not null && Spec is null;
}
