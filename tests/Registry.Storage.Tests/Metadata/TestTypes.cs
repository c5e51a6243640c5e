using Registry.Core.Packages;

namespace Registry.Storage.Tests.Metadata;

/// <summary>Package types with the formats' normalization rules; the formats' own live in Registry.Formats, which storage does not reference.</summary>
internal static class TestTypes
{
    public static PackageType Generic { get; } = new("generic");

    public static PackageType Npm { get; } = new("npm");

    public static PackageType PyPI { get; } = new("pypi", Pep503.Normalize, Pep440.Normalize);

    public static PackageType Maven { get; } = new("maven");

    public static PackageType NuGet { get; } = new("nuget", static n => n.ToLowerInvariant(), static v => v.ToLowerInvariant());
}
