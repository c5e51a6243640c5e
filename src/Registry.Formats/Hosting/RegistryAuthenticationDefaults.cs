namespace Registry.Formats.Hosting;

/// <summary>Names of the registry's authentication scheme.</summary>
public static class RegistryAuthenticationDefaults
{
    /// <summary>The scheme name.</summary>
    public const string AuthenticationScheme = "PackageRegistry";

    /// <summary>The realm sent in <c>WWW-Authenticate</c> challenges.</summary>
    public const string Realm = "GitLab Package Registry";

    /// <summary>The <c>WWW-Authenticate</c> value of every 401 (RFC 9110, section 11.6.1): Basic, so that pip, Maven, NuGet and npm retry with their stored credential.</summary>
    public const string Challenge = "Basic realm=\"" + Realm + "\"";
}
