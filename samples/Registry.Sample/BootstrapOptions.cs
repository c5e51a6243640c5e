namespace Registry.Sample;

/// <summary>First-start settings of the sample host (<c>PackageRegistry:Bootstrap</c>).</summary>
public sealed class BootstrapOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "PackageRegistry:Bootstrap";

    /// <summary>
    /// A known personal access token for the admin user (<c>PackageRegistry:Bootstrap:AdminToken</c>), for scripts and CI.
    /// When empty, a token is generated at first start, printed once and written to <c>&lt;data&gt;/admin-token</c>.
    /// </summary>
    public string? AdminToken { get; set; }
}
