namespace Registry.Formats.Hosting;

/// <summary>Names of the registry's authentication scheme.</summary>
public static class RegistryAuthenticationDefaults
{
    /// <summary>The scheme name.</summary>
    public const string AuthenticationScheme = "PackageRegistry";

    /// <summary>The realm sent in <c>WWW-Authenticate</c> challenges.</summary>
    public const string Realm = "GitLab Package Registry";
}
