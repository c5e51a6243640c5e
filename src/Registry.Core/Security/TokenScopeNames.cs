namespace Registry.Core.Security;

/// <summary>Converts between <see cref="TokenScopes"/> and GitLab's scope names.</summary>
public static class TokenScopeNames
{
    private static readonly (string Name, TokenScopes Scope)[] Names =
    [
        ("api", TokenScopes.Api),
        ("read_api", TokenScopes.ReadApi),
        ("read_package_registry", TokenScopes.ReadPackageRegistry),
        ("write_package_registry", TokenScopes.WritePackageRegistry),
        ("read_registry", TokenScopes.ReadRegistry),
        ("write_registry", TokenScopes.WriteRegistry),
        ("read_repository", TokenScopes.ReadRepository),
        ("write_repository", TokenScopes.WriteRepository),
    ];

    /// <summary>Parses scope names; false when one is unknown.</summary>
    public static bool TryParse(IEnumerable<string> names, out TokenScopes scopes)
    {
        ArgumentNullException.ThrowIfNull(names);
        scopes = TokenScopes.None;
        foreach (var name in names)
        {
            var match = Array.Find(Names, n => string.Equals(n.Name, name, StringComparison.Ordinal));
            if (match.Name is null)
            {
                return false;
            }

            scopes |= match.Scope;
        }

        return true;
    }

    /// <summary>The names of the scopes set in <paramref name="scopes"/>.</summary>
    public static IReadOnlyList<string> Format(TokenScopes scopes) =>
        [.. Names.Where(n => scopes.HasFlag(n.Scope)).Select(n => n.Name)];
}
