namespace Registry.Sample.Identity;

/// <summary>The identity sample's settings where nothing else gives them.</summary>
internal static class SampleDefaults
{
    public static Dictionary<string, string?> Settings { get; } = new()
    {
        ["Urls"] = "http://localhost:5002",
        ["PackageRegistry:DataPath"] = "./data",
        ["PackageRegistry:Bootstrap:GeneratedTokenFile"] = "admin-token",
        ["PackageRegistry:Bootstrap:Group"] = "demo",
        ["PackageRegistry:Bootstrap:Project"] = "app",
    };
}
